import { createSimulator } from '@upsell-kit/chargebee-simulator';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChargebeeClient } from './chargebee-client';
import { createKeepAliveTransport, type KeepAliveTransport } from './create-keep-alive-transport';
import { createUpsellHandler } from '../handler/create-upsell-handler';

// The Node keep-alive transport: connections are reused, the handler's timeout still aborts a
// call (and closes its connection), failures map to the contract's statuses, and the key stays
// out of every log line.

const APP = 'https://app.example.com/api/upsell';
const API_KEY = 'keep_alive_secret_key_0123456789';

interface Upstream {
  url: string;
  /** Connections the upstream accepted so far. */
  connections: Socket[];
  /** Sockets the upstream saw close. */
  closed: number;
  close(): Promise<void>;
}

async function upstream(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  host = '127.0.0.1',
  configure: (server: Server) => void = () => {},
): Promise<Upstream> {
  const server: Server = createServer(handle);
  configure(server);
  const state = { connections: [] as Socket[], closed: 0 };
  server.on('connection', (socket: Socket) => {
    state.connections.push(socket);
    socket.on('close', () => void state.closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    // An IPv6 literal is bracketed in a URL.
    url: `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`,
    get connections() {
      return state.connections;
    },
    get closed() {
      return state.closed;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const transports: KeepAliveTransport[] = [];
const servers: Upstream[] = [];
function transport(options?: Parameters<typeof createKeepAliveTransport>[0]) {
  const created = createKeepAliveTransport(options);
  transports.push(created);
  return created;
}
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function withUpstream(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  host?: string,
  configure?: (server: Server) => void,
) {
  const server = await upstream(handle, host, configure);
  servers.push(server);
  return server;
}

describe('through the SDK', () => {
  it('reuses one connection for sequential calls, with the SDK request intact', async () => {
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
    const server = await withUpstream((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        json(res, 200, { personalized_offers: [], expires_at: 1 });
      });
    });
    const chargebee = createChargebeeClient({
      site: 'acme-test',
      apiKey: API_KEY,
      baseUrl: `${server.url}/prefix/`,
      transport: transport(),
    });
    for (let i = 0; i < 5; i++) {
      const answer = await chargebee.personalizedOffer.personalizedOffers({
        customer_id: `cus_ü${i}`,
      });
      expect(answer.personalized_offers).toEqual([]);
    }
    expect(server.connections).toHaveLength(1);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toEqual({
      method: 'POST',
      url: '/prefix/api/v2/personalized_offers',
      auth: `Basic ${btoa(`${API_KEY}:`)}`,
      body: JSON.stringify({ customer_id: 'cus_ü0' }),
    });
  });

  it('keeps concurrent calls on at most maxSockets connections', async () => {
    const server = await withUpstream((req, res) => {
      req.resume();
      setTimeout(() => json(res, 200, { personalized_offers: [], expires_at: 1 }), 20);
    });
    const chargebee = createChargebeeClient({
      site: 'acme-test',
      apiKey: API_KEY,
      baseUrl: server.url,
      transport: transport({ maxSockets: 2 }),
    });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        chargebee.personalizedOffer.personalizedOffers({ customer_id: `c${i}` }),
      ),
    );
    expect(server.connections).toHaveLength(2);
  });

  it('passes API errors through as the SDK rejects them (status, body, headers)', async () => {
    const server = await withUpstream((req, res) => {
      req.resume();
      res.writeHead(409, { 'content-type': 'application/json', 'x-extra': 'yes' });
      res.end(JSON.stringify({ message: 'no', api_error_code: 'invalid_state_for_request' }));
    });
    const chargebee = createChargebeeClient({
      site: 'acme-test',
      apiKey: API_KEY,
      baseUrl: server.url,
      transport: transport(),
    });
    await expect(chargebee.offerFulfillment.offerFulfillmentsGet('ful_1')).rejects.toMatchObject({
      http_status_code: 409,
      api_error_code: 'invalid_state_for_request',
      headers: { 'x-extra': 'yes' },
    });
  });

  it.each([
    ['the keep-alive transport', true],
    ['the global fetch', false],
  ])(
    'hands the SDK answers as Response.json() reads them, with %s (BOM, UTF-8, bad JSON)',
    async (_name, keepAlive) => {
      let body = '';
      const server = await withUpstream((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]));
      });
      const chargebee = createChargebeeClient({
        site: 'acme-test',
        apiKey: API_KEY,
        baseUrl: server.url,
        ...(keepAlive ? { transport: transport() } : {}),
      });
      body = JSON.stringify({ personalized_offers: [], brand: { name: 'Grüße 😀' } });
      const answer = await chargebee.personalizedOffer.personalizedOffers({ customer_id: 'c' });
      expect(answer.brand).toEqual({ name: 'Grüße 😀' });
      body = '{"personalized_offers": [';
      await expect(
        chargebee.personalizedOffer.personalizedOffers({ customer_id: 'c' }),
      ).rejects.toMatchObject({ http_status_code: 500, type: 'internal_error' });
    },
  );

  it('checks its options', () => {
    expect(() => createKeepAliveTransport({ maxSockets: 0 })).toThrow(/maxSockets/);
    expect(() => createKeepAliveTransport({ idleTimeoutMs: 1.5 })).toThrow(/idleTimeoutMs/);
    expect(() =>
      createUpsellHandler({
        chargebee: {
          site: 's',
          apiKey: 'k',
          transport: 'keep-alive' as unknown as KeepAliveTransport,
        },
        identify: () => null,
        secret: 'keep-alive-test-secret-0123456789abcdef',
      }),
    ).toThrow(/transport/);
  });
});

describe('through the handler', () => {
  const logs: string[] = [];
  const logger = {
    info: (...args: unknown[]) => void logs.push(JSON.stringify(args)),
    warn: (...args: unknown[]) => void logs.push(JSON.stringify(args)),
    error: (...args: unknown[]) => void logs.push(JSON.stringify(args)),
  };
  afterEach(() => {
    const all = logs.splice(0).join('\n');
    // Neither the key nor its Basic-auth form, whatever went wrong.
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain(btoa(`${API_KEY}:`).replace(/=+$/, ''));
  });

  function handler(baseUrl: string, via: KeepAliveTransport, timeoutMs = 300) {
    return createUpsellHandler({
      chargebee: { site: 'acme-test', apiKey: API_KEY, baseUrl, timeoutMs, transport: via },
      identify: () => ({ customerId: 'cus_1', subscriptionId: 'sub_1' }),
      secret: 'keep-alive-test-secret-0123456789abcdef',
      logger,
    });
  }

  it('serves the contract against the simulator over reused connections', async () => {
    const sim = createSimulator({ apiKey: API_KEY, site: 'acme-test' });
    const served = await sim.listen({ port: 0, host: '127.0.0.1' });
    try {
      const upsell = handler(served.url, transport(), 5_000);
      const offers = await upsell(post('/offers', { custom: { storage_used_percent: 90 } }));
      expect(offers.status).toBe(200);
      const { offers: list } = (await offers.json()) as {
        offers: { token: string; options: { id: string }[] }[];
      };
      const token = list[0]!.token;
      expect((await upsell(post('/events', { token, type: 'viewed' }))).status).toBe(204);
      const created = await upsell(
        post('/fulfillments', { token, option_id: list[0]!.options[0]!.id }),
      );
      expect(created.status).toBe(201);
      const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
      // Past the 2 s in which the create's answer is the fleet's status read: a read of its own.
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(Date.now() + 2_100);
      const read = await upsell(
        new Request(`${APP}/fulfillments/${fulfillment.id}?token=${encodeURIComponent(token)}`),
      );
      expect(read.status).toBe(200);
      expect(((await read.json()) as { fulfillment: { id: string } }).fulfillment.id).toBe(
        fulfillment.id,
      );
      expect(sim.inspect.requests().map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'GET']);
    } finally {
      vi.useRealTimers();
      await served.close();
    }
  });

  it('aborts a call that passes the timeout: 504, and the connection is closed', async () => {
    const server = await withUpstream((req) => {
      req.resume(); // …and never answers.
    });
    const upsell = handler(server.url, transport(), 200);
    const response = await upsell(post('/offers', {}));
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'upstream_timeout',
    );
    await expect.poll(() => server.closed).toBe(1);
    expect(logs.join('\n')).toContain('offer');
  });

  it('aborts a body that stalls after the headers: 504, connection closed', async () => {
    const server = await withUpstream((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"personalized_offers":[');
    });
    const upsell = handler(server.url, transport(), 200);
    const response = await upsell(post('/offers', {}));
    expect(response.status).toBe(504);
    await expect.poll(() => server.closed).toBe(1);
  });

  it('a refused connection is 503 upstream_unavailable', async () => {
    const server = await withUpstream(() => {});
    const url = server.url;
    await server.close();
    servers.length = 0;
    const response = await handler(url, transport())(post('/offers', {}));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'upstream_unavailable',
    );
    expect(logs.join('\n')).toContain('ECONNREFUSED');
  });

  it('closes an idle connection after idleTimeoutMs; the next call opens a new one', async () => {
    const server = await withUpstream((req, res) => {
      req.resume();
      json(res, 200, { personalized_offers: [], expires_at: 1 });
    });
    const upsell = handler(server.url, transport({ idleTimeoutMs: 50 }), 2_000);
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    await expect.poll(() => server.closed).toBe(1);
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    expect(server.connections).toHaveLength(2);
  });

  it('a pooled connection the upstream closed is not reused: the next call opens a new one', async () => {
    const server = await withUpstream(
      (req, res) => {
        req.resume();
        json(res, 200, { personalized_offers: [], expires_at: 1 });
      },
      undefined,
      // The upstream drops idle connections long before our idleTimeoutMs (4 s by default).
      (raw) => void (raw.keepAliveTimeout = 50),
    );
    const upsell = handler(server.url, transport(), 2_000);
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    await expect.poll(() => server.closed).toBe(1);
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    expect(server.connections).toHaveLength(2);
  });

  it('reaches an upstream at an IPv6 literal (http://[::1]:port), as fetch does', async () => {
    const server = await withUpstream((req, res) => {
      req.resume();
      json(res, 200, { personalized_offers: [], expires_at: 1 });
    }, '::1');
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const upsell = handler(server.url, transport(), 2_000);
    expect((await upsell(post('/offers', {}))).status).toBe(200);
    expect(server.connections).toHaveLength(1);
  });

  it('an answer over maxResponseBytes fails instead of being buffered', async () => {
    const server = await withUpstream((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ personalized_offers: [], padding: 'x'.repeat(4_000) }));
    });
    const response = await handler(
      server.url,
      transport({ maxResponseBytes: 1_000 }),
    )(post('/offers', {}));
    expect(response.status).toBe(503);
    expect(logs.join('\n')).toContain('1000 bytes');
  });
});
