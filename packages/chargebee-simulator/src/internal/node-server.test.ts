import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../create-simulator';
import type { SimulatorServer } from '../simulator';

const AUTH = `Basic ${btoa('test_simulator_key:')}`;
const servers: SimulatorServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator(options);
  const server = await sim.listen({ port: 0 });
  servers.push(server);
  return { sim, server };
}

describe('listen()', () => {
  it('serves the API on a free port of 127.0.0.1 and uses its URL for hosted pages', async () => {
    const { sim, server } = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(sim.options.publicUrl).toBe(server.url);
    const response = await fetch(`${server.url}/api/v2/personalized_offers`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        customer_id: 'c',
        subscription_id: 's',
        custom: { seats_used_percent: 95 },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const offer = (await response.json()).personalized_offers[0];
    const created = await fetch(`${server.url}/api/v2/offer_fulfillments`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ personalized_offer_id: offer.id, option_id: offer.options[0].id }),
    });
    expect(created.status).toBe(202);
    const { hosted_page: page, offer_fulfillment: f } = await created.json();
    expect(page.url.startsWith(`${server.url}/hosted_pages/`)).toBe(true);

    // the checkout page works over real HTTP, with its plain HTML form
    const html = await (await fetch(page.url)).text();
    expect(html).toContain('<button type="submit">Pay</button>');
    const paid = await fetch(`${page.url}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(paid.status).toBe(200);
    const control = await (await fetch(`${server.url}/__simulator/fulfillments`)).json();
    expect(control).toEqual([expect.objectContaining({ id: f.id, status: 'completed' })]);
  });

  it('keeps an explicit publicUrl', async () => {
    const { sim } = await start({ publicUrl: 'https://checkout.example' });
    expect(sim.options.publicUrl).toBe('https://checkout.example');
  });

  it('destroys the socket for dropConnection faults', async () => {
    const { sim, server } = await start();
    sim.faults.set('personalized_offers', { dropConnection: true, times: 1 });
    const call = () =>
      fetch(`${server.url}/api/v2/personalized_offers`, {
        method: 'POST',
        headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer_id: 'c' }),
      });
    await expect(call()).rejects.toThrow(TypeError);
    expect((await call()).status).toBe(200);
  });

  it('answers 413 for bodies over 1 MiB', async () => {
    const { server } = await start();
    const response = await fetch(`${server.url}/api/v2/personalized_offers`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customer_id: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ http_status_code: 413 });
  });

  it('stops listening on close()', async () => {
    const sim = createSimulator();
    const server = await sim.listen();
    await server.close();
    await expect(fetch(`${server.url}/__simulator/events`)).rejects.toThrow();
  });
});
