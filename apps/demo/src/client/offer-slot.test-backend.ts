import { createUpsellTestBackend } from '@upsell-kit/chargebee-simulator/testing';
import type { UpsellTestBackend } from '@upsell-kit/chargebee-simulator/testing';
import { createUpsellHandler } from '@upsell-kit/server';

/** The signed-in customer of these tests, as the demo server's `identify` would resolve Alice. */
const ALICE = { customerId: 'cus_acme', subscriptionId: 'sub_acme' };

/**
 * The backend of the demo's component tests, as the React README's Testing section writes it:
 * the kit's real server handler (what the demo server mounts at /api/upsell) in front of a fresh
 * simulator, served to the page through MSW. One per test: a fresh server memory too.
 */
export function demoTestBackend(): UpsellTestBackend {
  return createUpsellTestBackend({
    handler: (chargebee) =>
      createUpsellHandler({
        chargebee,
        identify: () => ALICE,
        secret: 'demo-component-tests-secret-0123456789',
      }),
  });
}
