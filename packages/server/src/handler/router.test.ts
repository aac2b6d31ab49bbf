import { describe, expect, it } from 'vitest';
import {
  APP,
  server,
  offersHandler,
  handler,
  post,
  get,
  expectError,
  mockUpstream,
} from '../test-support/handler-harness';

mockUpstream();

describe('routing', () => {
  it('404 not_found for unknown routes and paths outside basePath', async () => {
    const { upsell } = handler();
    await expectError(await upsell(post('/nope', {})), 404, 'not_found');
    await expectError(
      await upsell(new Request(`${APP}/other/offers`, { method: 'POST' })),
      404,
      'not_found',
    );
    await expectError(await upsell(get('/fulfillments/a/b')), 404, 'not_found');
  });

  it('405 method_not_allowed with Allow on known routes', async () => {
    const { upsell } = handler();
    const offers = await upsell(get('/offers'));
    await expectError(offers, 405, 'method_not_allowed');
    expect(offers.headers.get('allow')).toBe('POST');
    const read = await upsell(post('/fulfillments/ful_1', {}));
    await expectError(read, 405, 'method_not_allowed');
    expect(read.headers.get('allow')).toBe('GET');
    const del = await upsell(new Request(`${APP}/api/upsell/events`, { method: 'DELETE' }));
    await expectError(del, 405, 'method_not_allowed');
  });

  it('honours a custom basePath and an adapter-given route path', async () => {
    server.use(offersHandler());
    const { upsell } = handler({ basePath: '/billing/upsell/' });
    const request = new Request(`${APP}/billing/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await upsell(request)).status).toBe(200);
    await expectError(await upsell(post('/offers', {})), 404, 'not_found');
    const routed = await upsell(post('/offers', {}), { routePath: '/offers' });
    expect(routed.status).toBe(200);
  });

  it('500 internal_error, opaque, when identify() throws; the detail is logged', async () => {
    const { upsell, logger } = handler({
      identify: () => {
        throw new Error('session store exploded at db.internal:5432');
      },
    });
    const response = await upsell(post('/offers', {}));
    const body = await expectError(response, 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('exploded');
    expect(JSON.stringify(logger.error.mock.calls)).toContain('exploded');
  });
});
