// upsell.test.ts — your own tests, offline: the real handler against the simulator through MSW.
import { createSimulator } from '@upsell-kit/chargebee-simulator';
import { createUpsellHandler } from '@upsell-kit/server';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';

const sim = createSimulator();
const server = setupServer(...sim.handlers); // matches */api/v2/* on any origin
beforeAll(() => server.listen());
afterAll(() => server.close());

const upsell = createUpsellHandler({
  chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key' },
  secret: 'test-only-secret-at-least-32-bytes-long',
  identify: () => ({ customerId: 'cus_1', subscriptionId: 'sub_1' }),
});

it('offers more storage to a customer at 86% of their quota', async () => {
  const response = await upsell(
    new Request('https://app.example.com/api/upsell/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ custom: { storage_used_percent: 86 } }),
    }),
  );
  expect(response.status).toBe(200);
  const { offers } = await response.json();
  expect(offers[0].options[0].label).toBe('Add 100 GB storage');
});
