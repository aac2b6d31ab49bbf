import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpsellClient } from './client';
import { createOfferController } from './offer-controller';
import { createOfferRegistry } from './offer-registry';
import { syncDismissals } from './sync-dismissals';
import type { Offer } from './types';

// Two "tabs" in one process: each its own registry, joined by a BroadcastChannel of one name
// (Node has BroadcastChannel; every channel object of a name hears the others, as tabs do).

const offer: Offer = {
  id: 'storage_1',
  offer_id: 'storage',
  token: 'tok',
  content: { title: 'Running out of storage?', description: '' },
  options: [{ id: 'o', label: 'Add 100 GB', processing_type: 'billing_update' }],
};

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Until the channel delivered (messages arrive as tasks, not microtasks). */
const delivered = () => new Promise((resolve) => setTimeout(resolve, 20));

const channel = () => `test:${Math.random()}`;

function tab(name: string) {
  const registry = createOfferRegistry();
  stops.push(syncDismissals(registry, name));
  return registry;
}

describe('syncDismissals', () => {
  it('a dismissal in one tab holds in the others, until the same time', async () => {
    const name = channel();
    const [a, b, c] = [tab(name), tab(name), tab(name)];
    const until = Date.now() + 60_000;
    a.dismiss(offer, until);
    await delivered();
    expect(b.isDismissed(offer)).toBe(true);
    expect(c.isDismissed(offer)).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(until + 1);
    expect(b.isDismissed(offer)).toBe(false);
    vi.useRealTimers();
  });

  it('is not echoed back: each tab hears it once, and nothing loops', async () => {
    const name = channel();
    const a = tab(name);
    const b = tab(name);
    const heard = { a: 0, b: 0 };
    a.subscribe(() => heard.a++);
    b.subscribe(() => heard.b++);
    a.dismiss(offer, null);
    await delivered();
    await delivered();
    expect(heard).toEqual({ a: 1, b: 1 });
  });

  it('another channel (another server scope) hears nothing; stop() ends it', async () => {
    const a = tab(channel());
    const b = tab(channel());
    a.dismiss(offer, null);
    await delivered();
    expect(b.isDismissed(offer)).toBe(false);
    const name = channel();
    const c = createOfferRegistry();
    const stop = syncDismissals(c, name);
    const d = tab(name);
    stop();
    d.dismiss(offer, null);
    await delivered();
    expect(c.isDismissed(offer)).toBe(false);
  });

  it("hides the other tab's prompt without a second dismissed event", async () => {
    const name = channel();
    const sendEvent = vi.fn(async (_event: { type: string }) => {});
    const client = { sendEvent } as unknown as UpsellClient;
    const prompts = [tab(name), tab(name)].map((registry) => {
      const controller = createOfferController({ client, registry });
      controller.start();
      controller.setQuery({
        enabled: true,
        data: { offers: [offer], expires_at: null, brand: null },
        error: null,
        fetching: false,
      });
      return controller;
    });
    prompts[0]!.dismiss();
    await delivered();
    expect(prompts[1]!.getSnapshot().status).toBe('dismissed');
    // The first tab's view (a close counts as seen) and its dismissal; nothing from the second.
    expect(sendEvent.mock.calls.map(([event]) => event.type)).toEqual(['viewed', 'dismissed']);
    for (const prompt of prompts) prompt.stop();
  });
});
