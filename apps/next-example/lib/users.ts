/** The example's users and the Chargebee customer each belongs to (server-side only). */
export interface ExampleUser {
  id: string;
  name: string;
  email: string;
  customerId: string;
  subscriptionId: string;
}

export const USERS: readonly ExampleUser[] = [
  {
    id: 'alice',
    name: 'Alice',
    email: 'alice@acme.example',
    customerId: 'cus_acme',
    subscriptionId: 'sub_acme',
  },
  {
    id: 'bob',
    name: 'Bob',
    email: 'bob@acme.example',
    customerId: 'cus_acme',
    subscriptionId: 'sub_acme',
  },
  {
    id: 'carol',
    name: 'Carol',
    email: 'carol@globex.example',
    customerId: 'cus_globex',
    subscriptionId: 'sub_globex',
  },
];

export function findUser(id: string | null | undefined): ExampleUser | undefined {
  return USERS.find((user) => user.id === id);
}
