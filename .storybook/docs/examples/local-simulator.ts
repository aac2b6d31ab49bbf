// dev-server.ts — no Chargebee site yet? Run the kit against the local simulator.
import { createSimulator } from '@upsell-kit/chargebee-simulator';
import { createUpsellHandler } from '@upsell-kit/server';

const sim = createSimulator(); // the default scenario: storage, AI credits and plan upgrade plays
const { url } = await sim.listen({ port: 4010 }); // or: npx upsell-simulator --port 4010

export const upsell = createUpsellHandler({
  // Every Chargebee call (Growth and Billing hosts alike) goes to the simulator.
  chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key', baseUrl: url },
  secret: 'dev-only-secret-at-least-32-bytes-long',
  identify: () => ({ customerId: 'cus_dev', subscriptionId: 'sub_dev' }),
});
