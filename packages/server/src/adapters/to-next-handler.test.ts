import { NextRequest } from 'next/server';
import { expect, it, vi } from 'vitest';
import { listenSimulator } from '../test-support/listen-simulator';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import { createKeepAliveTransport } from '../upstream/create-keep-alive-transport';
import { toNextHandler } from './to-next-handler';
import type { UpstreamTransport } from '../upstream/upstream-transport';

// The Next.js adapter: the exported route handlers called the way Next's App Router calls them,
// with a NextRequest and a context whose params are a promise.

const { sim, url: simUrl } = listenSimulator();

function route(transport?: UpstreamTransport) {
  const upsell = createUpsellHandler({
    chargebee: {
      site: 'upsell-kit-test',
      apiKey: 'test_simulator_key',
      baseUrl: simUrl(),
      ...(transport ? { transport } : {}),
    },
    secret: 'next-adapter-test-secret-0123456789abcdef',
    identify: (request) =>
      request.headers.get('cookie') === 'session=carol'
        ? { customerId: 'cus_globex', subscriptionId: 'sub_globex' }
        : null,
    logger: { info() {}, warn() {}, error() {} },
  });
  return toNextHandler(upsell);
}

const context = (path: string[]) => ({ params: Promise.resolve({ path }) });

it('exports route handlers serving the contract from app/api/upsell/[...path]/route.ts', async () => {
  const { GET, POST, DELETE } = route();
  const offers = await POST(
    new NextRequest('http://localhost:3000/api/upsell/offers', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'session=carol',
        origin: 'http://localhost:3000',
      },
      body: JSON.stringify({ custom: { storage_used_percent: 95 } }),
    }),
    context(['offers']),
  );
  expect(offers.status).toBe(200);
  expect(offers.headers.get('cache-control')).toBe('no-store');
  const { offers: list } = (await offers.json()) as {
    offers: { token: string; options: { id: string }[] }[];
  };
  expect(list).toHaveLength(1);

  const accept = await POST(
    new Request('http://localhost:3000/api/upsell/fulfillments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'session=carol' },
      body: JSON.stringify({ token: list[0]!.token, option_id: list[0]!.options[0]!.id }),
    }),
    context(['fulfillments']),
  );
  expect(accept.status).toBe(201);
  const { fulfillment } = (await accept.json()) as { fulfillment: { id: string } };

  const read = await GET(
    new NextRequest(
      `http://localhost:3000/api/upsell/fulfillments/${fulfillment.id}?token=${encodeURIComponent(list[0]!.token)}`,
      { headers: { cookie: 'session=carol' } },
    ),
    context(['fulfillments', fulfillment.id]),
  );
  expect(read.status).toBe(200);

  const wrong = await DELETE(
    new NextRequest('http://localhost:3000/api/upsell/offers', { method: 'DELETE' }),
    context(['offers']),
  );
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get('allow')).toBe('POST');

  // OPTIONS too: left to Next, it would answer 204 without no-store.
  const { OPTIONS } = route();
  const options = await OPTIONS(
    new NextRequest('http://localhost:3000/api/upsell/fulfillments/ful_1', { method: 'OPTIONS' }),
    context(['fulfillments', 'ful_1']),
  );
  expect(options.status).toBe(405);
  expect(options.headers.get('allow')).toBe('GET');
  expect(options.headers.get('cache-control')).toBe('no-store');
});

it('answers 401 without a session and 404 for unknown paths', async () => {
  const { GET, POST } = route();
  const anonymous = await POST(
    new NextRequest('http://localhost:3000/api/upsell/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
    context(['offers']),
  );
  expect(anonymous.status).toBe(401);
  const unknown = await GET(
    new NextRequest('http://localhost:3000/api/upsell/what'),
    context(['what']),
  );
  expect(unknown.status).toBe(404);
});

it('serves the contract with the Node keep-alive transport too (route handlers on the Node runtime)', async () => {
  const transport = createKeepAliveTransport();
  try {
    const { GET, POST } = route(transport);
    const headers = {
      'content-type': 'application/json',
      cookie: 'session=carol',
      origin: 'http://localhost:3000',
    };
    const offers = await POST(
      new NextRequest('http://localhost:3000/api/upsell/offers', {
        method: 'POST',
        headers,
        body: JSON.stringify({ custom: { storage_used_percent: 95 } }),
      }),
      context(['offers']),
    );
    expect(offers.status).toBe(200);
    const { offers: list } = (await offers.json()) as {
      offers: { token: string; options: { id: string }[] }[];
    };
    const token = list[0]!.token;
    const created = await POST(
      new NextRequest('http://localhost:3000/api/upsell/fulfillments', {
        method: 'POST',
        headers,
        body: JSON.stringify({ token, option_id: list[0]!.options[0]!.id }),
      }),
      context(['fulfillments']),
    );
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
    // Past the 2 s in which the create's answer is the fleet's status read: a read of its own.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2_100);
    const read = await GET(
      new NextRequest(
        `http://localhost:3000/api/upsell/fulfillments/${fulfillment.id}?token=${encodeURIComponent(token)}`,
        { headers: { cookie: 'session=carol' } },
      ),
      context(['fulfillments', fulfillment.id]),
    );
    expect(read.status).toBe(200);
    expect(sim.inspect.requests().map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  } finally {
    vi.useRealTimers();
    transport.close();
  }
});
