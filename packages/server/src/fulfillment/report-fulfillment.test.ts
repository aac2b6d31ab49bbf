import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  GROW,
  seen,
  server,
  upstreamFulfillment,
  record,
  handler,
  mockUpstream,
} from '../test-support/handler-harness';
import type { UpsellServerEvent as UpsellEvent } from '../handler/upsell-server-event';

mockUpstream();

describe('completeFulfillment / failFulfillment', () => {
  it('call the Update API and return the fulfillment', async () => {
    server.use(
      http.post(`${GROW}/offer_fulfillments/:id`, async ({ request, params }) => {
        await record(request);
        const body = (await request.json()) as { status: string };
        return HttpResponse.json({
          offer_fulfillment: upstreamFulfillment({
            id: params.id,
            processing_type: 'webhook',
            status: body.status,
          }),
        });
      }),
    );
    const events: UpsellEvent[] = [];
    const { upsell } = handler({ onEvent: (event) => void events.push(event) });
    const done = await upsell.completeFulfillment('ful_1');
    expect(done).toMatchObject({ id: 'ful_1', status: 'completed', grant: null });
    const failed = await upsell.failFulfillment('ful_2', 'Out of stock');
    expect(failed).toMatchObject({ id: 'ful_2', status: 'failed' });
    expect(seen.map((s) => [s.path, s.body])).toEqual([
      ['/api/v2/offer_fulfillments/ful_1', { id: 'ful_1', status: 'completed' }],
      [
        '/api/v2/offer_fulfillments/ful_2',
        { id: 'ful_2', status: 'failed', failure_reason: 'Out of stock' },
      ],
    ]);
    expect(events.map((e) => [e.type, e.fulfillmentId, e.identity])).toEqual([
      ['completed', 'ful_1', null],
      ['failed', 'ful_2', null],
    ]);
  });

  it('reject bad arguments before any call', async () => {
    const { upsell } = handler();
    await expect(upsell.failFulfillment('ful_1', '')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(upsell.failFulfillment('ful_1', 'x'.repeat(101))).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(upsell.completeFulfillment('../x')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(seen).toHaveLength(0);
  });
});
