import type { Identity } from '@upsell-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore } from '../redis';
import { listenSimulator } from '../test-support/listen-simulator';
import { redisForFile } from '../test-support/redis-process';
import { createUpsellHandler, type UpsellHandler } from './create-upsell-handler';
import type { UpsellServerEvent } from './upsell-server-event';

// One customer cannot spend everyone's Chargebee budget (issue #24): two handler instances
// sharing a real redis-server and the simulator on a real port. Call counts are asserted.

const redisServer = redisForFile();
const { sim, url: simUrl } = listenSimulator();

const handlers: UpsellHandler[] = [];
afterEach(() => {
  for (const upsell of handlers.splice(0)) upsell.close();
});

const APP = 'https://app.example.com/api/upsell';
const ATTACKER: Identity = { customerId: 'cus_attacker', subscriptionId: 'sub_attacker' };

function fleet(options: { customFields?: string[] } = {}) {
  const prefix = `fair:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
  const events: UpsellServerEvent[] = [];
  let who: Identity = ATTACKER;
  const make = () => {
    const upsell = createUpsellHandler({
      chargebee: {
        site: 'upsell-kit-test',
        apiKey: 'test_simulator_key',
        baseUrl: simUrl(),
        timeoutMs: 3_000,
      },
      identify: () => who,
      secret: 'shared-secret-between-instances-0123456789',
      store: createRedisStore(redisServer.client(), { prefix }),
      limits: { offers: false, events: false, fulfillments: false, fulfillmentReads: false },
      upstreamBudget: { requestsPerMinute: 100 },
      onEvent: (event) => void events.push(event),
      logger: { info() {}, warn() {}, error() {} },
      ...options,
    });
    handlers.push(upsell);
    return upsell;
  };
  const instances = [make(), make()];
  const load = (index: number, as: Identity, custom: Record<string, unknown>) => {
    who = as;
    return instances[index % 2]!(
      new Request(`${APP}/offers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ custom }),
      }),
    );
  };
  return { instances, load, events };
}

const offerCalls = () =>
  sim.inspect.requests().filter((request) => request.path === '/api/v2/personalized_offers');

describe('one identity varying `custom` to miss the cache', () => {
  it('gets its share of the budget (5 of 100 a minute), everyone else is served', async () => {
    const { instances, load, events } = fleet();
    const attacker: number[] = [];
    for (let i = 0; i < 40; i++) {
      attacker.push((await load(i, ATTACKER, { storage_used_percent: 85, nonce: i })).status);
    }
    expect(attacker.filter((status) => status === 200)).toHaveLength(5);
    expect(attacker.filter((status) => status === 503)).toHaveLength(35);
    expect(offerCalls()).toHaveLength(5);

    const others: number[] = [];
    for (let i = 0; i < 30; i++) {
      const customer = { customerId: `cus_${i}`, subscriptionId: `sub_${i}` };
      others.push((await load(i, customer, { storage_used_percent: 85 })).status);
    }
    expect(others.every((status) => status === 200)).toBe(true);

    const stats = await Promise.all(instances.map((upsell) => upsell.stats()));
    expect(stats[0]!.shedForFairness.offers + stats[1]!.shedForFairness.offers).toBe(35);
    const shed = events.filter((event) => event.type === 'upstream_shed');
    expect(shed).toHaveLength(35);
    for (const event of shed) {
      expect(event).toMatchObject({ reason: 'fairness', identity: null });
      expect(JSON.stringify(event)).not.toContain('cus_attacker');
      expect((event as { identityHash?: string }).identityHash).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('with customFields declared, undeclared keys are dropped: one call, then the cache', async () => {
    const { load } = fleet({ customFields: ['storage_used_percent'] });
    for (let i = 0; i < 40; i++) {
      expect((await load(i, ATTACKER, { storage_used_percent: 85, nonce: i })).status).toBe(200);
    }
    const calls = offerCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ custom: { storage_used_percent: 85 } });
    expect(JSON.stringify(calls[0]!.body)).not.toContain('nonce');
  });
});
