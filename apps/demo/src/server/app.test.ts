import type { AddressInfo } from 'node:net';
import { createSimulator } from '@upsell-kit/chargebee-simulator';
import type { Simulator, SimulatorServer } from '@upsell-kit/chargebee-simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoApp } from './app';
import { readConfig } from './config';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
let simulator: Simulator;
let running: SimulatorServer;
let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  simulator = createSimulator({ apiLimit: {} });
  running = await simulator.listen({ port: 0 });
  const app = createDemoApp({
    config: readConfig({}, '/nonexistent'),
    chargebee: {
      site: simulator.options.site,
      apiKey: simulator.options.apiKey,
      baseUrl: running.url,
    },
    simulator,
    logger: silent,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close();
  await running.close();
});

beforeEach(async () => {
  const reset = await fetch(`${origin}/demo/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(reset.status).toBe(204);
});

async function login(userId: string): Promise<string> {
  const response = await fetch(`${origin}/demo/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  return setCookie.split(';')[0] ?? '';
}

function offers(
  cookie: string | undefined,
  body: unknown = { custom: { storage_used_percent: 85 } },
) {
  return fetch(`${origin}/api/upsell/offers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
}

describe('demo server', () => {
  it("serves Alice's offer for her customer and subscription", async () => {
    const response = await offers(await login('alice'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { offers: Array<{ offer_id: string }> };
    expect(body.offers.map((o) => o.offer_id)).toEqual(['storage_upsell']);
    expect(simulator.inspect.offers()).toMatchObject([
      { customer_id: 'cus_acme', subscription_id: 'sub_acme' },
    ]);
  });

  it('answers 401 without a session and with forged ones, and asks Chargebee nothing', async () => {
    const carol = await login('carol');
    const signature = carol.slice(carol.indexOf('.') + 1);
    for (const cookie of [
      undefined,
      'upsell_demo_session=alice',
      'upsell_demo_session=cus_acme',
      `upsell_demo_session=alice.${signature}`,
    ]) {
      expect((await offers(cookie)).status, String(cookie)).toBe(401);
    }
    expect(simulator.inspect.requests()).toEqual([]);
  });

  it('reports a rejected session to the page', async () => {
    const response = await fetch(`${origin}/demo/session`, {
      headers: { Cookie: 'upsell_demo_session=alice' },
    });
    expect(await response.json()).toMatchObject({ user: null, sessionRejected: true });
  });

  it('refuses a body that names a customer', async () => {
    const response = await offers(await login('carol'), {
      custom: { storage_used_percent: 85 },
      customer_id: 'cus_acme',
    });
    expect(response.status).toBe(400);
    expect(simulator.inspect.requests()).toEqual([]);
  });

  it('refuses a cross-site login and an unknown user', async () => {
    const crossSite = await fetch(`${origin}/demo/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ userId: 'alice' }),
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const unknown = await fetch(`${origin}/demo/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'mallory' }),
    });
    expect(unknown.status).toBe(400);
  });

  it('lists what reached the simulator in /demo/activity', async () => {
    const cookie = await login('alice');
    const offer = ((await (await offers(cookie)).json()) as { offers: Array<{ token: string }> })
      .offers[0];
    const event = await fetch(`${origin}/api/upsell/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ token: offer?.token, type: 'viewed' }),
    });
    expect(event.status).toBe(204);
    const activity = (await (
      await fetch(`${origin}/demo/activity`, { headers: { Cookie: cookie } })
    ).json()) as { source: string; events: Array<{ summary: string; subject: string }> };
    expect(activity.source).toBe('simulator');
    expect(activity.events).toHaveLength(1);
    expect(activity.events[0]).toMatchObject({ subject: 'cus_acme' });
    expect(activity.events[0]?.summary).toMatch(/^viewed · storage_upsell_/);
  });

  it("a completed storage accept raises the subscription's plan in /demo/plan (the page re-reads it)", async () => {
    const cookie = await login('alice');
    const plan = async (who = cookie) =>
      (await (await fetch(`${origin}/demo/plan`, { headers: { Cookie: who } })).json()) as {
        storageGb: number;
      };
    expect((await plan()).storageGb).toBe(500);
    const offer = (
      (await (await offers(cookie)).json()) as {
        offers: Array<{ token: string; options: Array<{ id: string }> }>;
      }
    ).offers[0];
    const created = await fetch(`${origin}/api/upsell/fulfillments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ token: offer?.token, option_id: offer?.options[0]?.id }),
    });
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
    let status = 'in_progress';
    for (let i = 0; i < 50 && status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const read = await fetch(
        `${origin}/api/upsell/fulfillments/${fulfillment.id}?token=${encodeURIComponent(offer!.token)}`,
        { headers: { Cookie: cookie } },
      );
      status = ((await read.json()) as { fulfillment: { status: string } }).fulfillment.status;
    }
    expect(status).toBe('completed');
    expect((await plan()).storageGb).toBe(600);
    // Bob shares Acme's subscription; Carol (Globex) does not.
    expect((await plan(await login('bob'))).storageGb).toBe(600);
    expect((await plan(await login('carol'))).storageGb).toBe(500);
  });

  it('serves the hosted checkout page on its own origin', async () => {
    const cookie = await login('alice');
    const offer = (
      (await (await offers(cookie, { custom: { seats_used_percent: 95 } })).json()) as {
        offers: Array<{ token: string; options: Array<{ id: string }> }>;
      }
    ).offers[0];
    const accepted = await fetch(`${origin}/api/upsell/fulfillments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ token: offer?.token, option_id: offer?.options[0]?.id }),
    });
    expect(accepted.status).toBe(201);
    const { hosted_page } = (await accepted.json()) as { hosted_page: { url: string } };
    const path = new URL(hosted_page.url).pathname;
    const page = await fetch(`${origin}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Upgrade to Business');
    const paid = await fetch(`${origin}${path}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(200);
    expect(simulator.inspect.fulfillments()[0]?.status).toBe('completed');
  });

  // Last: the 429 it provokes makes the kit hold non-critical calls for Chargebee's Retry-After
  // (the back-off, by design), which a demo reset does not end.
  it("reports the simulator's API limit and the calls of the last minute in apiBudget", async () => {
    const cookie = await login('alice');
    await offers(cookie);
    const read = async () =>
      (
        (await (
          await fetch(`${origin}/demo/activity`, { headers: { Cookie: cookie } })
        ).json()) as { apiBudget: Record<string, unknown> }
      ).apiBudget;
    expect(await read()).toMatchObject({ limit: 150, callsLastMinute: 1, refusedLastMinute: 0 });

    simulator.setApiLimit({ requestsPerMinute: 1 });
    try {
      expect((await offers(cookie, { custom: { storage_used_percent: 86 } })).status).not.toBe(200);
      expect(await read()).toMatchObject({ limit: 1, callsLastMinute: 1, refusedLastMinute: 1 });
    } finally {
      // The tests after this one share the simulator: back to the demo's test-site limit.
      simulator.setApiLimit({ requestsPerMinute: 150 });
    }
  });
});
