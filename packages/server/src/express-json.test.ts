import express from 'express';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenSimulator } from './test-support/listen-simulator';
import { createUpsellHandler } from './handler/create-upsell-handler';
import { keepRawBody, toExpressMiddleware, upsellErrorHandler } from './express';

// Behind an `express.json()` that runs first: with `verify: keepRawBody` and `upsellErrorHandler()`
// the router checks the bytes the browser sent and body-parser's errors get the contract's JSON.
// Without them, the README lists what is lost; the last test pins exactly that.

const { sim, url: simUrl } = listenSimulator();

async function serve(setup: (app: express.Express, router: express.RequestHandler) => void) {
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key', baseUrl: simUrl() },
    secret: 'express-json-test-secret-0123456789abcdef',
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
    logger: { info() {}, warn() {}, error() {} },
  });
  const app = express();
  setup(app, toExpressMiddleware(upsell));
  // The app's own error handler: what a body-parser error reaches without upsellErrorHandler.
  app.use(((_error, _req, res, _next) => {
    res.status(500).type('text/html').send('<h1>app error page</h1>');
  }) as express.ErrorRequestHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** POSTs raw bytes (fetch would re-encode a string as UTF-8). */
function postBytes(url: string, body: Uint8Array, contentType = 'application/json') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': String(body.length) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const upstreamCalls = () => sim.inspect.requests().filter((r) => r.path.startsWith('/api/v2/'));
const codeOf = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

// `{"custom":{"s":"<invalid UTF-8 byte>"}}`
const invalidUtf8 = new Uint8Array([
  ...new TextEncoder().encode('{"custom":{"s":"'),
  0xff,
  ...new TextEncoder().encode('"}}'),
]);
const utf16 = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
// Small once parsed, 9 KB as sent: the cap is on what the browser sent.
const padded = new TextEncoder().encode(`{"custom":{}}${' '.repeat(9_000)}`);

describe('toExpressMiddleware after express.json({ verify: keepRawBody }) + upsellErrorHandler()', () => {
  const withRaw = () =>
    serve((app, router) => {
      app.use(express.json({ verify: keepRawBody, limit: '16kb' }));
      app.use('/api/upsell', router, upsellErrorHandler());
    });

  it('refuses invalid UTF-8, a UTF-16 body and an over-cap body as the contract says, with no upstream call', async () => {
    const { base, close } = await withRaw();
    try {
      const bad = await postBytes(`${base}/api/upsell/offers`, invalidUtf8);
      expect([bad.status, codeOf(bad.body)]).toEqual([400, 'invalid_request']);
      const sixteen = await postBytes(
        `${base}/api/upsell/offers`,
        utf16('{"custom":{}}'),
        'application/json; charset=utf-16le',
      );
      expect([sixteen.status, codeOf(sixteen.body)]).toEqual([400, 'invalid_request']);
      const big = await postBytes(`${base}/api/upsell/offers`, padded);
      expect([big.status, codeOf(big.body)]).toEqual([413, 'payload_too_large']);
      expect(upstreamCalls()).toHaveLength(0);
      const ok = await postBytes(`${base}/api/upsell/offers`, new TextEncoder().encode('{}'));
      expect(ok.status).toBe(200);
    } finally {
      await close();
    }
  });

  it("answers body-parser's own errors with the contract's JSON", async () => {
    const { base, close } = await serve((app, router) => {
      app.use(express.json({ verify: keepRawBody, limit: '1kb' }));
      app.use('/api/upsell', router, upsellErrorHandler());
    });
    try {
      const garbage = await postBytes(
        `${base}/api/upsell/offers`,
        new TextEncoder().encode('{bad'),
      );
      expect(garbage.type).toContain('application/json');
      expect([garbage.status, codeOf(garbage.body)]).toEqual([400, 'invalid_request']);
      const huge = await postBytes(`${base}/api/upsell/offers`, new Uint8Array(2_000).fill(32));
      expect([huge.status, codeOf(huge.body)]).toEqual([413, 'payload_too_large']);
      const charset = await postBytes(
        `${base}/api/upsell/offers`,
        new TextEncoder().encode('{}'),
        'application/json; charset=latin1',
      );
      expect([charset.status, codeOf(charset.body)]).toEqual([400, 'invalid_request']);
      expect(upstreamCalls()).toHaveLength(0);
    } finally {
      await close();
    }
  });
});

describe('toExpressMiddleware after a plain express.json(): the guarantees the README says are lost', () => {
  it('sees the re-parsed body: invalid UTF-8 and UTF-16 pass, the cap measures the re-serialized body, parse errors reach the app', async () => {
    const { base, close } = await serve((app, router) => {
      app.use(express.json());
      app.use('/api/upsell', router);
    });
    try {
      // Each of these reaches Chargebee: body-parser decoded (and repaired) the text first.
      expect((await postBytes(`${base}/api/upsell/offers`, invalidUtf8)).status).toBe(200);
      const sixteen = await postBytes(
        `${base}/api/upsell/offers`,
        utf16('{"custom":{}}'),
        'application/json; charset=utf-16le',
      );
      expect(sixteen.status).toBe(200);
      expect((await postBytes(`${base}/api/upsell/offers`, padded)).status).toBe(200);
      const garbage = await postBytes(
        `${base}/api/upsell/offers`,
        new TextEncoder().encode('{bad'),
      );
      expect(garbage.body).toContain('app error page');
    } finally {
      await close();
    }
  });
});
