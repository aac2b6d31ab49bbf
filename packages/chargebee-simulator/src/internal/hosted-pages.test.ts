import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../create-simulator';
import type { Simulator } from '../simulator';

const AUTH = `Basic ${btoa('test_simulator_key:')}`;
const APP = 'http://localhost:5173';

async function checkout(sim: Simulator): Promise<{ url: string; fulfillmentId: string }> {
  const api = async (path: string, body: unknown) =>
    (
      await sim.handle(
        new Request(`https://upsell-kit-test.grow.chargebee.com/api/v2/${path}`, {
          method: 'POST',
          headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      )
    ).json();
  const offer = (
    await api('personalized_offers', {
      customer_id: 'c',
      subscription_id: 's',
      custom: { seats_used_percent: 95 },
    })
  ).personalized_offers[0];
  const created = await api('offer_fulfillments', {
    personalized_offer_id: offer.id,
    option_id: 'upgrade_to_business',
  });
  return { url: created.hosted_page.url, fulfillmentId: created.offer_fulfillment.id };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('sim.hostedPages', () => {
  it("builds checkout URLs on the app's origin when publicUrl is set to it", async () => {
    const sim = createSimulator({ publicUrl: APP });
    const { url } = await checkout(sim);
    expect(new URL(url).origin).toBe(APP);
  });

  it('handle() serves hosted pages at any mount point and nothing else', async () => {
    const sim = createSimulator({ publicUrl: APP });
    const { url, fulfillmentId } = await checkout(sim);
    const page = await sim.hostedPages.handle(new Request(url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Pay');
    const mounted = new URL(url);
    mounted.pathname = `/sim${mounted.pathname}`;
    expect((await sim.hostedPages.handle(new Request(mounted))).status).toBe(200);
    expect((await sim.hostedPages.handle(new Request(`${APP}/api/v2/grant_blocks`))).status).toBe(
      404,
    );
    expect((await sim.hostedPages.handle(new Request(`${APP}/__simulator/requests`))).status).toBe(
      404,
    );
    const paid = await sim.hostedPages.handle(new Request(`${url}/pay`, { method: 'POST' }));
    expect(paid.status).toBe(200);
    expect(sim.inspect.fulfillments().find((f) => f.id === fulfillmentId)?.status).toBe(
      'completed',
    );
  });

  it('middleware() serves them from a node:http server and passes everything else to next()', async () => {
    const sim = createSimulator();
    let passed = 0;
    server = createServer((req, res) =>
      sim.hostedPages.middleware(req, res, () => {
        passed += 1;
        res.statusCode = 204;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { url, fulfillmentId } = await checkout(sim);
    const path = new URL(url).pathname;
    const page = await fetch(`${origin}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const abandoned = await fetch(`${origin}${path}/abandon`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(abandoned.status).toBe(200);
    expect(sim.inspect.fulfillments().find((f) => f.id === fulfillmentId)?.error?.code).toBe(
      'checkout_abandoned',
    );
    expect((await fetch(`${origin}/api/v2/grant_blocks`)).status).toBe(204);
    expect(passed).toBe(1);
  });

  it('middleware() answers 404 for other paths when there is no next()', async () => {
    const sim = createSimulator();
    server = createServer((req, res) => sim.hostedPages.middleware(req, res));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${origin}/__simulator/requests`)).status).toBe(404);
  });
});
