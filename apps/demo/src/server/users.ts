import type { DemoUserSummary } from '../shared/demo-api';

/** A demo user and the Chargebee customer and subscription the server maps them to. */
export interface DemoUser extends DemoUserSummary {
  email: string;
  firstName: string;
  customerId: string;
  subscriptionId: string;
}

/** Alice and Bob share Acme's subscription; Carol is Globex. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'alice',
    name: 'Alice',
    firstName: 'Alice',
    email: 'alice@acme.example',
    company: 'Acme Inc.',
    customerId: 'cus_acme',
    subscriptionId: 'sub_acme',
  },
  {
    id: 'bob',
    name: 'Bob',
    firstName: 'Bob',
    email: 'bob@acme.example',
    company: 'Acme Inc.',
    customerId: 'cus_acme',
    subscriptionId: 'sub_acme',
  },
  {
    id: 'carol',
    name: 'Carol',
    firstName: 'Carol',
    email: 'carol@globex.example',
    company: 'Globex Corp.',
    customerId: 'cus_globex',
    subscriptionId: 'sub_globex',
  },
];

export function findUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id);
}

export function summarize(user: DemoUser): DemoUserSummary {
  return { id: user.id, name: user.name, company: user.company };
}
