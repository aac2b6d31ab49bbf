import { type FaultEndpoint } from '@upsell-kit/chargebee-simulator';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenSimulator } from './test-support/listen-simulator';
import { createKeepAliveTransport } from './upstream/create-keep-alive-transport';
import { createUpsellHandler, type UpsellHandler } from './handler/create-upsell-handler';
import type { UpstreamTransport } from './upstream/upstream-transport';

// Upstream faults, injected by the simulator on a real port (and by a raw node:http server for
// what a real gateway does): each ends in the contract's status, within timeout + 1 s, with the
// default transport (the global fetch) and with the Node keep-alive transport alike.

// Short enough to keep the suite quick, long enough that a loaded CI machine answers normal calls in time.
const TIMEOUT_MS = 1_000;
const APP = 'https://app.example.com/api/upsell';
const { sim, url: simUrl } = listenSimulator();

const keepAlive = createKeepAliveTransport();
afterAll(() => keepAlive.close());
afterEach(() => {
  vi.useRealTimers();
});
const transports: [string, UpstreamTransport | undefined][] = [
  ['global fetch', undefined],
  ['createKeepAliveTransport', keepAlive],
];

function handler(baseUrl: string, transport: UpstreamTransport | undefined): UpsellHandler {
  return createUpsellHandler({
    chargebee: {
      site: 'upsell-kit-test',
      apiKey: 'test_simulator_key',
      baseUrl,
      timeoutMs: TIMEOUT_MS,
      ...(transport ? { transport } : {}),
    },
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
    secret: 'faults-test-secret-0123456789abcdef0123456',
    logger: { info() {}, warn() {}, error() {} },
  });
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function offer(upsell: UpsellHandler) {
  const response = await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
  expect(response.status).toBe(200);
  const { offers } = (await response.json()) as {
    offers: { token: string; options: { id: string }[] }[];
  };
  return { token: offers[0]!.token, optionId: offers[0]!.options[0]!.id };
}

/** Prepares an endpoint's call (offer fetched, fulfillment created…) and returns the call itself. */
type Prepare = (upsell: UpsellHandler) => Promise<() => Promise<Response>>;

const endpoints: [FaultEndpoint, Prepare][] = [
  [
    'personalized_offers',
    async (upsell) => () => upsell(post('/offers', { custom: { storage_used_percent: 85 } })),
  ],
  [
    'offer_events',
    async (upsell) => {
      const { token } = await offer(upsell);
      return () => upsell(post('/events', { token, type: 'viewed' }));
    },
  ],
  [
    'offer_fulfillments.create',
    async (upsell) => {
      const { token, optionId } = await offer(upsell);
      return () => upsell(post('/fulfillments', { token, option_id: optionId }));
    },
  ],
  [
    'offer_fulfillments.retrieve',
    async (upsell) => {
      const { token, optionId } = await offer(upsell);
      const created = await upsell(post('/fulfillments', { token, option_id: optionId }));
      const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
      // The create's answer is the fleet's status read for 2 s: the faulty read is a later poll.
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(Date.now() + 2_100);
      return () =>
        upsell(
          new Request(`${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(token)}`),
        );
    },
  ],
];

const faults: [string, Parameters<typeof sim.faults.set>[1], number, string, string?][] = [
  ['500', { status: 500 }, 502, 'upstream_error'],
  ['503 with Retry-After', { status: 503, retryAfter: 7 }, 503, 'upstream_unavailable', '7'],
  ['429 with Retry-After', { status: 429, retryAfter: 12 }, 503, 'upstream_unavailable', '12'],
  ['a non-JSON body', { malformedBody: true }, 502, 'upstream_error'],
  ['a hang past the timeout', { latencyMs: 5_000 }, 504, 'upstream_timeout'],
  ['a reset connection', { dropConnection: true }, 503, 'upstream_unavailable'],
];

/** An event Chargebee refuses for load is queued instead (next describe), not answered 503. */
const faultsOf = (endpoint: FaultEndpoint) =>
  endpoint === 'offer_events'
    ? faults.filter(([, fault]) => fault.retryAfter === undefined)
    : faults;

describe.each(transports)('%s', (_transport, transport) => {
  describe.each(endpoints)('%s', (endpoint, prepare) => {
    it.each(faultsOf(endpoint))(
      // A hang would fail the test by its own timeout; a stall can only end in 504 through ours.
      '%s → mapped status',
      async (_name, fault, status, code, retryAfter) => {
        const upsell = handler(simUrl(), transport);
        const call = await prepare(upsell);
        sim.faults.set(endpoint, { ...fault, times: 1 });
        const response = await call();
        expect(response.status).toBe(status);
        expect(response.headers.get('cache-control')).toBe('no-store');
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe(code);
        if (retryAfter) expect(response.headers.get('retry-after')).toBe(retryAfter);
      },
    );
  });
});

describe.each(transports)('offer events refused for load (%s)', (_transport, transport) => {
  it.each([
    ['429', 429],
    ['503', 503],
  ])(
    'a %s with Retry-After is answered 204, queued, and delivered once the pause is over',
    async (_name, faultStatus) => {
      const upsell = handler(simUrl(), transport);
      try {
        const { token } = await offer(upsell);
        sim.faults.set('offer_events', { status: faultStatus, retryAfter: 1, times: 1 });
        const response = await upsell(post('/events', { token, type: 'dismissed' }));
        expect(response.status).toBe(204);
        expect(sim.inspect.events()).toHaveLength(0);
        expect((await upsell.stats()).events).toMatchObject({ queued: 1, queuedNow: 1 });
        // Paused for the second Chargebee asked: wait on the queue's state, not on a clock.
        for (let attempt = 0; attempt < 100 && sim.inspect.events().length === 0; attempt++) {
          await upsell.drainEvents();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(sim.inspect.events().map((event) => event.type)).toEqual(['dismissed']);
        expect((await upsell.stats()).events).toMatchObject({ delivered: 1, queuedNow: 0 });
      } finally {
        upsell.close();
      }
    },
  );
});

describe.each(transports)(
  'what a gateway in front of Chargebee does (%s)',
  (_transport, transport) => {
    let gateway: Server;
    let gatewayUrl = '';
    let mode: 'html-503' | 'stall-body' | 'reset-mid-body' | 'html-502' = 'html-503';

    beforeAll(async () => {
      gateway = createServer((req, res) => {
        req.resume();
        if (mode === 'html-503') {
          res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '30' });
          res.end('<html><body>Service Unavailable</body></html>');
        } else if (mode === 'html-502') {
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html><body>Bad Gateway</body></html>');
        } else if (mode === 'stall-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"personalized_offers":[');
          // …and never finishes.
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
          res.write('{"personalized_offers":[', () => res.socket?.destroy());
        }
      });
      gateway.listen(0, '127.0.0.1');
      await new Promise((resolve) => gateway.once('listening', resolve));
      gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    });

    it.each([
      ['html-503', 503, 'upstream_unavailable'],
      ['html-502', 502, 'upstream_error'],
      ['stall-body', 504, 'upstream_timeout'],
      ['reset-mid-body', 503, 'upstream_unavailable'],
    ] as const)('%s → %i %s', async (which, status, code) => {
      mode = which;
      const upsell = handler(gatewayUrl, transport);
      const response = await upsell(post('/offers', {}));
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
      if (which === 'html-503') expect(response.headers.get('retry-after')).toBe('30');
    });
  },
);
