// The handler over the simulator and the helpers the simulator tests share.
import { createSimulator } from '@upsell-kit/chargebee-simulator';
import type { Identity } from '@upsell-kit/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import type { UpsellServerEvent as UpsellEvent } from '../handler/upsell-server-event';
import type { UpsellHandlerOptions } from '../handler/upsell-handler-options';

// The contract against @upsell-kit/chargebee-simulator, served through MSW at the network edge
// (the SDK talks to https://upsell-kit-test.grow.chargebee.com and .chargebee.com as in production).

export const sim = createSimulator();
const server = setupServer(...sim.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => sim.reset());
afterAll(() => server.close());

export const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'alice',
  email: 'alice@acme.test',
};
export const BOB: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'bob',
};
export const CAROL: Identity = {
  customerId: 'cus_globex',
  subscriptionId: 'sub_globex',
  externalUserId: 'carol',
};
export const APP = 'https://app.example.com/api/upsell';

export function setup(overrides: Partial<UpsellHandlerOptions> = {}) {
  let who: Identity | null = ALICE;
  const events: UpsellEvent[] = [];
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key' },
    identify: () => who,
    secret: 'simulator-test-secret-0123456789abcdef01234',
    onEvent: (event) => void events.push(event),
    logger: { info() {}, warn() {}, error() {} },
    ...overrides,
  });
  return { upsell, events, as: (identity: Identity | null) => void (who = identity) };
}

export const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'vitest' },
    body: JSON.stringify(body),
  });

interface OfferBody {
  offers: {
    id: string;
    offer_id: string;
    token: string;
    content: { title: string; description: string };
    options: { id: string; label: string; processing_type: string }[];
  }[];
  expires_at: number | null;
}

export async function offersFor(
  upsell: (r: Request) => Promise<Response>,
  custom: Record<string, number>,
) {
  const response = await upsell(post('/offers', { custom, context: { locale: 'en-US' } }));
  expect(response.status).toBe(200);
  return (await response.json()) as OfferBody;
}
