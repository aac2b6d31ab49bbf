import { createOfferController, createOfferRegistry, createUpsellClient } from '@upsell-kit/core';
import type { Identity, OffersResponse } from '@upsell-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore } from '../redis';
import { listenSimulator } from '../test-support/listen-simulator';
import { redisForFile } from '../test-support/redis-process';
import { createUpsellHandler, type UpsellHandler } from './create-upsell-handler';
import type { FrequencyCapsOptions } from './frequency-caps';

// Issue 23: frequency caps across tabs, devices and instances. Two handler instances share a real
// redis-server (started here on a free port, stopped after) in front of the simulator on a real
// port; each "tab" is the browser side as it runs in a page — the core client and one offer
// controller with its own registry — talking to one instance. Under `max: 2 per 24h` the third
// eligible display sends no `viewed` and makes no Chargebee call, counted at the simulator.

const redisServer = redisForFile();
const { sim, url: simUrl } = listenSimulator();

const handlers: UpsellHandler[] = [];
afterEach(() => {
  for (const upsell of handlers.splice(0)) upsell.close();
});

const ORIGIN = 'https://app.example.com';
const HIGH = { storage_used_percent: 85 };
const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'alice',
};

const fresh = (name: string) => `${name}:${Date.now()}:${Math.random().toString(36).slice(2)}:`;

function instance(prefix: string, frequency: FrequencyCapsOptions, identify = () => ALICE) {
  const upsell = createUpsellHandler({
    chargebee: {
      site: 'upsell-kit-test',
      apiKey: 'test_simulator_key',
      baseUrl: simUrl(),
      timeoutMs: 3_000,
    },
    identify,
    secret: 'shared-secret-between-instances-0123456789',
    store: createRedisStore(redisServer.client(), { prefix }),
    frequency,
    logger: { info() {}, warn() {}, error() {} },
  });
  handlers.push(upsell);
  return upsell;
}

/** Requests of the kit's own API the tabs sent, by path (`/offers`, `/events`). */
const sent: string[] = [];

/** One browser tab of the app: the core client and a prompt's controller, over `upsell`. */
function openTab(upsell: UpsellHandler, placementId?: string) {
  const pending = new Set<Promise<unknown>>();
  const client = createUpsellClient({
    fetch: (input, init) => {
      const request = new Request(new URL(String(input), ORIGIN), init);
      sent.push(new URL(request.url).pathname.replace('/api/upsell', ''));
      const answer = upsell(request);
      pending.add(answer);
      void answer.finally(() => pending.delete(answer));
      return answer;
    },
  });
  const controller = createOfferController({ client, registry: createOfferRegistry() });
  controller.start();
  return {
    /** Loads the page: fetches the offers, and views the prompt when one is shown. */
    async load() {
      const data: OffersResponse = await client.getOffers({
        custom: HIGH,
        ...(placementId && { placement_id: placementId }),
      });
      controller.setQuery({ enabled: true, data, error: null, fetching: false });
      controller.markViewed();
      while (pending.size > 0) await Promise.all(pending);
      return controller.getSnapshot().status;
    },
  };
}

const upstreamCalls = () =>
  sim.inspect.requests().filter((r) => r.path.startsWith('/api/v2/')).length;

/** Delivers what the instances queued, until nothing is left. */
async function drain(instances: UpsellHandler[]) {
  for (let round = 0; round < 5; round++) {
    await Promise.all(instances.map((upsell) => upsell.drainEvents()));
  }
}

describe('frequency caps across 2 tabs and 2 instances sharing one Redis', () => {
  it('max 2 per 24h, app-wide: the third display sends 0 viewed and makes 0 Chargebee calls', async () => {
    const prefix = fresh('freq-app');
    const a = instance(prefix, { app: { max: 2, per: '24h' } });
    const b = instance(prefix, { app: { max: 2, per: '24h' } });
    const tab1 = openTab(a);
    const tab2 = openTab(b);

    expect(await tab1.load()).toBe('ready');
    expect(await tab2.load()).toBe('ready');
    await drain([a, b]);
    const callsBefore = upstreamCalls();
    const viewsBefore = sim.inspect.events().filter((e) => e.type === 'viewed').length;
    expect(viewsBefore).toBeGreaterThan(0);
    sent.length = 0;

    // The third eligible display (tab 1 reloads, through the other instance this time).
    const tab1Again = openTab(b);
    expect(await tab1Again.load()).toBe('empty');
    await drain([a, b]);
    expect(sent).toEqual(['/offers']);
    expect(upstreamCalls() - callsBefore).toBe(0);
    expect(sim.inspect.events().filter((e) => e.type === 'viewed')).toHaveLength(viewsBefore);
    // And on the other instance, for the other tab.
    expect(await openTab(a).load()).toBe('empty');
    expect(upstreamCalls() - callsBefore).toBe(0);
  });

  it('per placement: the capped placement shows nothing, another placement still shows', async () => {
    const prefix = fresh('freq-placement');
    const caps = { placements: { '*': { max: 2, per: '24h' as const } } };
    const a = instance(prefix, caps);
    const b = instance(prefix, caps);
    expect(await openTab(a, 'dashboard-storage').load()).toBe('ready');
    expect(await openTab(b, 'dashboard-storage').load()).toBe('ready');
    const callsBefore = upstreamCalls();
    expect(await openTab(a, 'dashboard-storage').load()).toBe('empty');
    expect(upstreamCalls()).toBe(callsBefore);
    // Counted per placement: the settings page's callout has had no display yet.
    expect(await openTab(b, 'settings-storage').load()).toBe('ready');
  });

  it('a fetch that is never displayed counts nothing', async () => {
    const prefix = fresh('freq-fetch');
    const a = instance(prefix, { app: { max: 1, per: '24h' } });
    const client = createUpsellClient({
      fetch: (input, init) => a(new Request(new URL(String(input), ORIGIN), init)),
    });
    // Fetched five times (a waiting prompt, a hidden tab), shown never.
    for (let i = 0; i < 5; i++)
      expect((await client.getOffers({ custom: HIGH })).offers).toHaveLength(1);
    expect(await openTab(a).load()).toBe('ready');
    expect(await openTab(a).load()).toBe('empty');
  });
});
