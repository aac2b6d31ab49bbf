import { describe, expect, it } from 'vitest';
import {
  APP,
  seen,
  server,
  offersHandler,
  handler,
  post,
  expectError,
  mockUpstream,
} from '../../test-support/handler-harness';

mockUpstream();

describe('POST /offers: request checks', () => {
  it('400 invalid_request for unknown members, bad values, malformed JSON and non-objects', async () => {
    server.use(offersHandler());
    const { upsell } = handler();
    for (const body of [
      { customer_id: 'cus_other' },
      { custom: { 'bad key': 1 } },
      { custom: { n: Number.MAX_VALUE * 10 } },
      { context: { url: 'x'.repeat(251) } },
      '{"custom":',
      '[]',
      'null',
      '',
    ]) {
      await expectError(await upsell(post('/offers', body)), 400, 'invalid_request');
    }
    expect(seen).toHaveLength(0);
  });

  it('413 payload_too_large over 8 KiB, or the configured limit', async () => {
    server.use(offersHandler());
    const { upsell } = handler();
    const big = JSON.stringify({ custom: { s: 'x'.repeat(9000) } });
    await expectError(await upsell(post('/offers', big)), 413, 'payload_too_large');
    const small = handler({ limits: { bodyBytes: 100 } }).upsell;
    await expectError(
      await small(post('/offers', { custom: { s: 'x'.repeat(120) } })),
      413,
      'payload_too_large',
    );
    expect(seen).toHaveLength(0);
  });

  it('413 for an oversized streamed body without Content-Length', async () => {
    const { upsell } = handler();
    const chunk = new TextEncoder().encode('{"custom":{"s":"' + 'x'.repeat(4000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        // An endless body: the handler must stop reading after the limit.
        controller.enqueue(chunk);
        if (sent > 1000) controller.close();
      },
    });
    const request = new Request(`${APP}/api/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectError(await upsell(request), 413, 'payload_too_large');
    expect(sent).toBeLessThan(10);
  });

  it('415 unsupported_media_type for a POST that is not application/json', async () => {
    const { upsell } = handler();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      await expectError(
        await upsell(post('/offers', '{}', { 'content-type': type })),
        415,
        'unsupported_media_type',
      );
    }
    // Parameters are allowed.
    server.use(offersHandler());
    const ok = await upsell(
      post('/offers', '{}', { 'content-type': 'application/json; charset=utf-8' }),
    );
    expect(ok.status).toBe(200);
  });

  it('accepts the request’s own origin and allowedOrigins, rejects others', async () => {
    server.use(offersHandler());
    const { upsell } = handler({ allowedOrigins: ['https://admin.example.com'] });
    expect((await upsell(post('/offers', {}, { origin: APP }))).status).toBe(200);
    expect(
      (await upsell(post('/offers', {}, { origin: 'https://admin.example.com' }))).status,
    ).toBe(200);
    expect((await upsell(post('/offers', {}, { 'sec-fetch-site': 'same-origin' }))).status).toBe(
      200,
    );
    await expectError(
      await upsell(post('/offers', {}, { origin: 'https://evil.example' })),
      403,
      'cross_site_request',
    );
    await expectError(
      await upsell(post('/offers', {}, { origin: 'null' })),
      403,
      'cross_site_request',
    );
    await expectError(
      await upsell(post('/offers', {}, { 'sec-fetch-site': 'cross-site', origin: APP })),
      403,
      'cross_site_request',
    );
  });
});
