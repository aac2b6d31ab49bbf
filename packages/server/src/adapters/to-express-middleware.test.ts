import express from 'express';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenSimulator } from '../test-support/listen-simulator';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import * as expressEntry from '../express';
import { createKeepAliveTransport } from '../node';
import { toExpressMiddleware } from './to-express-middleware';

// The Express adapter with a real Express app on a real port, and the simulator as Chargebee.

const { url: simUrl } = listenSimulator();

async function serve(withJsonParser: boolean) {
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key', baseUrl: simUrl() },
    secret: 'express-adapter-test-secret-0123456789abcdef',
    identify: (request) =>
      request.headers.get('cookie')?.includes('user=alice')
        ? { customerId: 'cus_acme', subscriptionId: 'sub_acme', externalUserId: 'alice' }
        : null,
    logger: { info() {}, warn() {}, error() {} },
  });
  const app = express();
  if (withJsonParser) app.use(express.json());
  app.use('/api/upsell', toExpressMiddleware(upsell));
  app.get('/health', (_req, res) => void res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

for (const withJsonParser of [false, true]) {
  describe(`toExpressMiddleware ${withJsonParser ? 'after express.json()' : 'without a body parser'}`, () => {
    it('serves offers, accepts and status reads end to end', async () => {
      const { base, close } = await serve(withJsonParser);
      try {
        const headers = { 'content-type': 'application/json', cookie: 'user=alice' };
        const offers = await fetch(`${base}/api/upsell/offers`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ custom: { storage_used_percent: 85 } }),
        });
        expect(offers.status).toBe(200);
        expect(offers.headers.get('cache-control')).toBe('no-store');
        const { offers: list } = (await offers.json()) as {
          offers: {
            token: string;
            content: { title: string };
            options: { id: string; label: string }[];
          }[];
        };
        expect(list[0]?.content.title).toContain('Running out of storage?');
        expect(list[0]?.options[0]?.label).toBe('Add 100 GB storage');

        const viewed = await fetch(`${base}/api/upsell/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ token: list[0]!.token, type: 'viewed' }),
        });
        expect(viewed.status).toBe(204);

        const accept = await fetch(`${base}/api/upsell/fulfillments`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ token: list[0]!.token, option_id: list[0]!.options[0]!.id }),
        });
        expect(accept.status).toBe(201);
        const { fulfillment } = (await accept.json()) as { fulfillment: { id: string } };

        const read = await fetch(
          `${base}/api/upsell/fulfillments/${fulfillment.id}?token=${encodeURIComponent(list[0]!.token)}`,
          { headers: { cookie: 'user=alice' } },
        );
        expect(read.status).toBe(200);
        expect(((await read.json()) as { fulfillment: { id: string } }).fulfillment.id).toBe(
          fulfillment.id,
        );
      } finally {
        await close();
      }
    });

    it('keeps the contract’s errors: 401, 400 on a smuggled customer_id, 413, 415, 404, 405', async () => {
      const { base, close } = await serve(withJsonParser);
      try {
        const json = { 'content-type': 'application/json' };
        const anonymous = await fetch(`${base}/api/upsell/offers`, {
          method: 'POST',
          headers: json,
          body: '{}',
        });
        expect(anonymous.status).toBe(401);

        const smuggled = await fetch(`${base}/api/upsell/offers`, {
          method: 'POST',
          headers: { ...json, cookie: 'user=alice' },
          body: JSON.stringify({ customer_id: 'cus_globex' }),
        });
        expect(smuggled.status).toBe(400);
        expect(((await smuggled.json()) as { error: { code: string } }).error.code).toBe(
          'invalid_request',
        );

        const big = await fetch(`${base}/api/upsell/offers`, {
          method: 'POST',
          headers: { ...json, cookie: 'user=alice' },
          body: JSON.stringify({ custom: { s: 'x'.repeat(20_000) } }),
        });
        expect(big.status).toBe(413);

        const empty = await fetch(`${base}/api/upsell/offers`, {
          method: 'POST',
          headers: { ...json, cookie: 'user=alice' },
          body: '',
        });
        expect(empty.status).toBe(400);

        const text = await fetch(`${base}/api/upsell/offers`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', cookie: 'user=alice' },
          body: '{}',
        });
        expect(text.status).toBe(415);

        const unknown = await fetch(`${base}/api/upsell/nope`);
        expect(unknown.status).toBe(404);
        expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
          'not_found',
        );

        const wrong = await fetch(`${base}/api/upsell/offers`);
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get('allow')).toBe('POST');

        // A method a Fetch Request can not carry (fetch refuses to send it, so node:http does).
        const trace = await new Promise<{ status: number; allow: unknown; body: string }>(
          (resolve, reject) => {
            const req = httpRequest(`${base}/api/upsell/offers`, { method: 'TRACE' }, (res) => {
              let body = '';
              res.on('data', (chunk: Buffer) => (body += chunk.toString()));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }),
              );
            });
            req.on('error', reject);
            req.end();
          },
        );
        expect(trace.status).toBe(405);
        expect(trace.allow).toBe('POST');
        expect(JSON.parse(trace.body)).toMatchObject({ error: { code: 'method_not_allowed' } });

        // Routes outside the mount point are the app's own.
        expect(await (await fetch(`${base}/health`)).text()).toBe('ok');
      } finally {
        await close();
      }
    });
  });
}

it('the /express entry keeps upsellRouter and the transport re-export as deprecated aliases', () => {
  expect(expressEntry.upsellRouter).toBe(toExpressMiddleware);
  expect(expressEntry.toExpressMiddleware).toBe(toExpressMiddleware);
  expect(expressEntry.createKeepAliveTransport).toBe(createKeepAliveTransport);
});
