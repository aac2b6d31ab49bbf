import { getEventListeners } from 'node:events';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpsellClient } from './client';
import { ERROR_STATUS, UpsellError } from './errors';
import type { ErrorCode } from './errors';
import type { Fulfillment, OffersResponse } from './types';

const BASE = 'http://app.test/api/upsell';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

const offers: OffersResponse = {
  offers: [
    {
      id: 'vdyjO2qlLD_715653d4',
      offer_id: 'vdyjO2qlLD',
      token: 'tok.abc',
      content: {
        title: '<div class="slate-p">Running out of storage?</div>',
        description: '<div class="slate-p">Add 100 GB today.</div>',
      },
      options: [
        {
          id: '6cd5280e',
          label: 'Add 100 GB storage',
          processing_type: 'billing_update',
          processing_layout: 'in_app',
          redirect_url: null,
        },
      ],
    },
  ],
  expires_at: 1732790400,
  brand: null,
};

const fulfillment = (status: Fulfillment['status'] = 'in_progress'): Fulfillment => ({
  id: '507c340b',
  personalized_offer_id: 'vdyjO2qlLD_715653d4',
  option_id: '6cd5280e',
  processing_type: 'billing_update',
  status,
  redirect_url: null,
  error: status === 'failed' ? { code: 'billing_update_failed' } : null,
  grant: null,
});

/** Runs `promise` to completion while advancing fake timers, and returns how it settled. */
async function settle<T>(promise: Promise<T>, ms = 120_000) {
  const result = promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return result;
}

async function rejection(promise: Promise<unknown>): Promise<UpsellError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpsellError);
  return error as UpsellError;
}

describe('getOffers', () => {
  it('posts the body as JSON, same-origin, and returns the offers', async () => {
    let seen: Request | undefined;
    let body: unknown;
    server.use(
      http.post(`${BASE}/offers`, async ({ request }) => {
        seen = request;
        body = await request.json();
        return HttpResponse.json(offers);
      }),
    );
    const client = createUpsellClient({ baseUrl: BASE, headers: { 'x-csrf-token': 'abc' } });
    const request = { custom: { storage_used_percent: 82 }, context: { locale: 'en-US' } };

    await expect(client.getOffers(request)).resolves.toEqual(offers);
    expect(body).toEqual(request);
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(seen?.headers.get('x-csrf-token')).toBe('abc');
    expect(seen?.credentials).toBe('same-origin');
  });

  it('defaults to /api/upsell and resolves fetch at call time', async () => {
    const client = createUpsellClient();
    const fetchSpy = vi.fn<typeof fetch>(async () => Response.json(offers));
    vi.stubGlobal('fetch', fetchSpy);

    await client.getOffers({});

    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe('/api/upsell/offers');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{}' });
  });

  it('uses the given fetch and strips a trailing slash from baseUrl', async () => {
    const fetchSpy = vi.fn<typeof fetch>(async () => Response.json(offers));
    const client = createUpsellClient({ baseUrl: '/mounted/', fetch: fetchSpy });
    await client.getOffers({});
    expect(fetchSpy.mock.calls[0]?.[0]).toBe('/mounted/offers');
  });

  it('does not let a custom header replace content-type', async () => {
    let contentType: string | null = null;
    server.use(
      http.post(`${BASE}/offers`, ({ request }) => {
        contentType = request.headers.get('content-type');
        return HttpResponse.json(offers);
      }),
    );
    const client = createUpsellClient({ baseUrl: BASE, headers: { 'content-type': 'text/plain' } });
    await client.getOffers({});
    expect(contentType).toBe('application/json');
  });

  it.each([
    ['a non-JSON body', () => new HttpResponse('<html>hi</html>', { status: 200 })],
    ['an empty body', () => new HttpResponse(null, { status: 200 })],
    ['offers that is not an array', () => HttpResponse.json({ offers: {}, expires_at: null })],
    ['an offer without token', () => HttpResponse.json({ offers: [{ id: 'x', options: [] }] })],
    [
      'an offer whose content is null',
      () => HttpResponse.json({ offers: [{ ...offers.offers[0], content: null }] }),
    ],
    [
      'an offer whose title is not a string',
      () =>
        HttpResponse.json({
          offers: [{ ...offers.offers[0], content: { title: {}, description: '' } }],
        }),
    ],
    ['a JSON array', () => HttpResponse.json([])],
  ])('rejects %s with internal_error', async (_name, resolver) => {
    server.use(http.post(`${BASE}/offers`, resolver));
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error.code).toBe('internal_error');
    expect(error.status).toBe(200);
  });

  it('rejects with network_error (status 0) when no response arrives', async () => {
    server.use(http.post(`${BASE}/offers`, () => HttpResponse.error()));
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('rejects with the signal reason when aborted, not with an UpsellError', async () => {
    server.use(
      http.post(`${BASE}/offers`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return HttpResponse.json(offers);
      }),
    );
    const controller = new AbortController();
    const pending = createUpsellClient({ baseUrl: BASE }).getOffers(
      {},
      { signal: controller.signal },
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(pending).rejects.not.toBeInstanceOf(UpsellError);
  });
});

describe('error mapping', () => {
  const codes = Object.entries(ERROR_STATUS) as [ErrorCode, number][];

  it.each(codes)('maps %s (HTTP %i) to an UpsellError', async (code, status) => {
    server.use(
      http.post(`${BASE}/offers`, () =>
        HttpResponse.json(
          { error: { code, message: `Message for ${code}.` } },
          { status, headers: { 'cache-control': 'no-store' } },
        ),
      ),
    );
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error).toMatchObject({ code, status, message: `Message for ${code}.` });
    expect(error.retryAfter).toBeUndefined();
  });

  it.each([
    ['delta seconds', '7', 7],
    ['zero', '0', 0],
    ['padded seconds', ' 12 ', 12],
    ['garbage', 'soon', undefined],
  ])('parses Retry-After as %s', async (_name, header, expected) => {
    server.use(
      http.post(`${BASE}/offers`, () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message: 'Too many requests.' } },
          { status: 429, headers: { 'retry-after': header } },
        ),
      ),
    );
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(expected);
  });

  it("keeps an error answer's debug member (a server with debug: true), and an offers answer's", async () => {
    server.use(
      http.post(`${BASE}/offers`, () =>
        HttpResponse.json(
          {
            error: { code: 'upstream_unavailable', message: 'The budget is used up.' },
            debug: { reason: 'shed' },
          },
          { status: 503, headers: { 'retry-after': '4' } },
        ),
      ),
    );
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error.debug).toEqual({ reason: 'shed' });
    expect(error.toBody()).toEqual({
      error: { code: 'upstream_unavailable', message: 'The budget is used up.' },
      debug: { reason: 'shed' },
    });
    const capped = { scope: 'app', max: 2, per_ms: 86_400_000 };
    server.use(
      http.post(`${BASE}/offers`, () =>
        HttpResponse.json({ offers: [], expires_at: null, brand: null, debug: { capped } }),
      ),
    );
    expect((await createUpsellClient({ baseUrl: BASE }).getOffers({})).debug).toEqual({ capped });
  });

  it('reads Retry-After in whole seconds only, as the contract sends it (not an HTTP date)', async () => {
    server.use(
      http.post(`${BASE}/offers`, () =>
        HttpResponse.json(
          { error: { code: 'upstream_unavailable', message: 'Chargebee is unavailable.' } },
          { status: 503, headers: { 'retry-after': 'Sat, 21 Nov 2026 12:00:30 GMT' } },
        ),
      ),
    );
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error).toMatchObject({ code: 'upstream_unavailable', status: 503 });
    expect(error.retryAfter).toBeUndefined();
  });

  it.each([
    [502, 'upstream_error', '<html>Bad gateway</html>'],
    [503, 'upstream_unavailable', ''],
    [500, 'internal_error', '{"unexpected":true}'],
    [418, 'internal_error', '{"error":{"code":"teapot","message":"I am a teapot."}}'],
  ])('maps an HTTP %i without the envelope to %s', async (status, code, body) => {
    server.use(http.post(`${BASE}/offers`, () => new HttpResponse(body, { status })));
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getOffers({}));
    expect(error).toMatchObject({ code, status });
    expect(error.message).not.toContain('teapot');
  });
});

describe('sendEvent', () => {
  it('posts the event with keepalive and resolves on 204', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`${BASE}/events`, async ({ request }) => {
        bodies.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const fetchSpy = vi.fn<typeof fetch>((input, init) => fetch(input, init));
    const client = createUpsellClient({ baseUrl: BASE, fetch: fetchSpy });

    await expect(client.sendEvent({ token: 'tok.abc', type: 'viewed' })).resolves.toBeUndefined();

    expect(bodies).toEqual([{ token: 'tok.abc', type: 'viewed' }]);
    expect(fetchSpy.mock.calls[0]?.[1]).toMatchObject({
      keepalive: true,
      credentials: 'same-origin',
      method: 'POST',
    });
  });

  it('retries once on a network failure', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/events`, () =>
        ++calls === 1 ? HttpResponse.error() : new HttpResponse(null, { status: 204 }),
      ),
    );
    await createUpsellClient({ baseUrl: BASE }).sendEvent({ token: 't', type: 'dismissed' });
    expect(calls).toBe(2);
  });

  it('gives up after the one retry with network_error', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/events`, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const error = await rejection(
      createUpsellClient({ baseUrl: BASE }).sendEvent({ token: 't', type: 'viewed' }),
    );
    expect(error.code).toBe('network_error');
    expect(calls).toBe(2);
  });

  it.each([
    [500, 'internal_error'],
    [410, 'offer_expired'],
    [503, 'upstream_unavailable'],
  ] as const)('does not retry an HTTP %i', async (status, code) => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/events`, () => {
        calls++;
        return HttpResponse.json({ error: { code, message: 'No.' } }, { status });
      }),
    );
    const error = await rejection(
      createUpsellClient({ baseUrl: BASE }).sendEvent({ token: 't', type: 'viewed' }),
    );
    expect(error.code).toBe(code);
    expect(calls).toBe(1);
  });
});

describe('createFulfillment', () => {
  it.each([
    [201, false],
    [200, true],
  ])('HTTP %i → replayed %s', async (status, replayed) => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/fulfillments`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ fulfillment: fulfillment(), hosted_page: null }, { status });
      }),
    );
    const result = await createUpsellClient({ baseUrl: BASE }).createFulfillment({
      token: 'tok.abc',
      option_id: '6cd5280e',
    });
    expect(body).toEqual({ token: 'tok.abc', option_id: '6cd5280e' });
    expect(result).toEqual({ fulfillment: fulfillment(), hosted_page: null, replayed });
  });

  it('accepts a fulfillment whose status it does not know yet', async () => {
    server.use(
      http.post(`${BASE}/fulfillments`, () =>
        HttpResponse.json(
          { fulfillment: fulfillment('awaiting_approval'), hosted_page: null },
          { status: 201 },
        ),
      ),
    );
    const result = await createUpsellClient({ baseUrl: BASE }).createFulfillment({
      token: 'tok.abc',
      option_id: '6cd5280e',
    });
    expect(result.fulfillment.status).toBe('awaiting_approval');
  });

  it('passes the hosted page on', async () => {
    const hosted_page = { id: 'hp_1', url: 'https://acme.chargebee.com/pages/v4/hp_1/' };
    server.use(
      http.post(`${BASE}/fulfillments`, () =>
        HttpResponse.json({ fulfillment: fulfillment(), hosted_page }, { status: 201 }),
      ),
    );
    const result = await createUpsellClient({ baseUrl: BASE }).createFulfillment({
      token: 't',
      option_id: 'o',
    });
    expect(result.hosted_page).toEqual(hosted_page);
  });

  it('maps 409 to offer_already_accepted', async () => {
    server.use(
      http.post(`${BASE}/fulfillments`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'offer_already_accepted',
              message: 'This offer has already been accepted.',
            },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await rejection(
      createUpsellClient({ baseUrl: BASE }).createFulfillment({ token: 't', option_id: 'o' }),
    );
    expect(error).toMatchObject({ code: 'offer_already_accepted', status: 409 });
  });

  it('rejects a malformed fulfillment with internal_error', async () => {
    server.use(
      http.post(`${BASE}/fulfillments`, () =>
        HttpResponse.json({ fulfillment: { id: 1 }, hosted_page: null }, { status: 201 }),
      ),
    );
    const error = await rejection(
      createUpsellClient({ baseUrl: BASE }).createFulfillment({ token: 't', option_id: 'o' }),
    );
    expect(error.code).toBe('internal_error');
  });
});

describe('getFulfillment', () => {
  it('reads the status with the token in the query, URL-encoded', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${BASE}/fulfillments/:id`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ fulfillment: fulfillment('completed') });
      }),
    );
    const result = await createUpsellClient({ baseUrl: BASE }).getFulfillment('507c340b', 'a+b/c=');
    expect(result).toEqual({ fulfillment: fulfillment('completed') });
    expect(url?.pathname).toBe('/api/upsell/fulfillments/507c340b');
    expect(url?.searchParams.get('token')).toBe('a+b/c=');
  });

  it('maps 404 to not_found', async () => {
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () =>
        HttpResponse.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 }),
      ),
    );
    const error = await rejection(createUpsellClient({ baseUrl: BASE }).getFulfillment('x', 't'));
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
  });
});

describe('pollFulfillment', () => {
  /** A fulfillment that completes `doneAfterMs` after the first poll starts; counts reads. */
  function fulfillmentDoneAfter(doneAfterMs: number, final: Fulfillment['status'] = 'completed') {
    const start = Date.now();
    const reads: number[] = [];
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        reads.push(Date.now() - start);
        const status = Date.now() - start >= doneAfterMs ? final : 'in_progress';
        return HttpResponse.json({ fulfillment: fulfillment(status) });
      }),
    );
    return reads;
  }

  /**
   * msw 3 mocks at the socket: the HTTP stack waits on setImmediate (faked too, so the clock
   * cannot run ahead of a request) and spends a millisecond or so of fake time per round trip, so
   * read times are compared on a 100 ms grid (the delays are ≥ 500 ms apart).
   */
  const socketClock = {
    toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] as const,
  };
  const onGrid = (reads: number[]) => reads.map((ms) => Math.round(ms / 100) * 100);

  it('backs off so that a 30 s fulfillment takes at most 8 reads', async () => {
    vi.useFakeTimers({ toFake: [...socketClock.toFake] });
    const reads = fulfillmentDoneAfter(30_000);
    const updates: string[] = [];
    const { value, error } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok', {
        onUpdate: (f) => updates.push(f.status),
      }),
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ fulfillment: fulfillment('completed'), timedOut: false });
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.length).toBeLessThanOrEqual(8);
    // 1 s, 2 s, 4 s, 8 s, 8 s … between reads (counted on the fake clock): backoff, not a fixed rate.
    expect(onGrid(reads.slice(0, 5))).toEqual([1000, 3000, 7000, 15_000, 23_000]);
    expect(updates.at(-1)).toBe('completed');
    expect(updates).toHaveLength(reads.length);
  });

  it('stops at the first final status', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const reads = fulfillmentDoneAfter(2500, 'failed');
    const { value } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(value?.fulfillment.status).toBe('failed');
    expect(value?.fulfillment.error).toEqual({ code: 'billing_update_failed' });
    expect(value?.timedOut).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it('keeps polling through a status it does not know (not final), then stops at a final one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let reads = 0;
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        reads += 1;
        return HttpResponse.json({
          fulfillment: fulfillment(reads < 3 ? 'awaiting_approval' : 'completed'),
        });
      }),
    );
    const updates: string[] = [];
    const { value, error } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok', {
        onUpdate: (f) => updates.push(f.status),
      }),
    );
    expect(error).toBeUndefined();
    expect(updates).toEqual(['awaiting_approval', 'awaiting_approval', 'completed']);
    expect(value).toEqual({ fulfillment: fulfillment('completed'), timedOut: false });
  });

  it('resolves with timedOut and the last fulfillment when still in progress', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const reads = fulfillmentDoneAfter(Infinity);
    const { value, error } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ fulfillment: fulfillment('in_progress'), timedOut: true });
    expect(reads.length).toBeLessThanOrEqual(8);
    // The last read happens at the deadline, not after it.
    expect(Math.max(...reads)).toBe(30_000);
  });

  it('honours timeoutMs and the delay options', async () => {
    vi.useFakeTimers({ toFake: [...socketClock.toFake] });
    const reads = fulfillmentDoneAfter(Infinity);
    const { value } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok', {
        timeoutMs: 5000,
        initialDelayMs: 500,
        maxDelayMs: 1000,
      }),
    );
    expect(value?.timedOut).toBe(true);
    expect(onGrid(reads)).toEqual([500, 1500, 2500, 3500, 4500, 5000]);
  });

  it('waits for Retry-After on 429 / 503 before the next read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    const reads: number[] = [];
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        reads.push(Date.now() - start);
        if (reads.length === 1) {
          return HttpResponse.json(
            { error: { code: 'rate_limited', message: 'Slow down.' } },
            { status: 429, headers: { 'retry-after': '6' } },
          );
        }
        if (reads.length === 2) {
          return HttpResponse.json(
            { error: { code: 'upstream_unavailable', message: 'Try later.' } },
            { status: 503, headers: { 'retry-after': '10' } },
          );
        }
        return HttpResponse.json({ fulfillment: fulfillment('completed') });
      }),
    );
    const { value } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(value?.fulfillment.status).toBe('completed');
    expect(reads).toEqual([1000, 7000, 17_000]);
  });

  it('gives up when Retry-After points past the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        calls++;
        return calls === 1
          ? HttpResponse.json({ fulfillment: fulfillment('in_progress') })
          : HttpResponse.json(
              { error: { code: 'rate_limited', message: 'Slow down.' } },
              { status: 429, headers: { 'retry-after': '120' } },
            );
      }),
    );
    const { value } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(value).toEqual({ fulfillment: fulfillment('in_progress'), timedOut: true });
    expect(calls).toBe(2);
  });

  it('keeps polling through network failures and 5xx', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        calls++;
        if (calls === 1) return HttpResponse.error();
        if (calls === 2) return new HttpResponse('Bad gateway', { status: 502 });
        return HttpResponse.json({ fulfillment: fulfillment('completed') });
      }),
    );
    const { value } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(value?.fulfillment.status).toBe('completed');
    expect(calls).toBe(3);
  });

  it('rides out an outage of 503 store_unavailable and 500 answers, and ends on the final state', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const answers: number[] = [];
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        // The outage: the store, then the server itself, fail for the first two reads.
        if (answers.length === 0) {
          answers.push(503);
          return HttpResponse.json(
            { error: { code: 'store_unavailable', message: 'Try again.' } },
            { status: 503 },
          );
        }
        if (answers.length === 1) {
          answers.push(500);
          return HttpResponse.json(
            { error: { code: 'internal_error', message: 'Something went wrong.' } },
            { status: 500 },
          );
        }
        answers.push(200);
        return HttpResponse.json({ fulfillment: fulfillment('completed') });
      }),
    );
    const { value, error } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(error).toBeUndefined();
    expect(value).toEqual({ fulfillment: fulfillment('completed'), timedOut: false });
    expect(answers).toEqual([503, 500, 200]);
  });

  it('rejects at once on a non-retryable error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        calls++;
        return HttpResponse.json(
          { error: { code: 'not_found', message: 'Not found.' } },
          { status: 404 },
        );
      }),
    );
    const { error } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(error).toBeInstanceOf(UpsellError);
    expect(error).toMatchObject({ code: 'not_found' });
    expect(calls).toBe(1);
  });

  it('rejects with the last error when no read ever succeeded', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    server.use(
      http.get(`${BASE}/fulfillments/:id`, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const { error } = await settle(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok'),
    );
    expect(error).toMatchObject({ code: 'network_error' });
    expect(calls).toBeLessThanOrEqual(8);
  });

  it('stops when the signal aborts, with no further reads', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const reads = fulfillmentDoneAfter(Infinity);
    const controller = new AbortController();
    const pending = createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok', {
      signal: controller.signal,
    });
    const outcome = pending.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(4000);
    expect(reads).toHaveLength(2);
    controller.abort();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toMatchObject({ name: 'AbortError' });
    expect(reads).toHaveLength(2);
  });

  it('leaves no abort listener behind on a long-lived signal', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let reads = 0;
    // A fetch of our own, so that only the client's listeners are on the signal.
    const fetchStub: typeof fetch = async () => {
      reads += 1;
      return Response.json({ fulfillment: fulfillment(reads < 6 ? 'in_progress' : 'completed') });
    };
    const controller = new AbortController();
    const { value } = await settle(
      createUpsellClient({ baseUrl: BASE, fetch: fetchStub }).pollFulfillment('507c340b', 'tok', {
        signal: controller.signal,
      }),
    );
    expect(value?.fulfillment.status).toBe('completed');
    expect(reads).toBe(6);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const reads = fulfillmentDoneAfter(0);
    await expect(
      createUpsellClient({ baseUrl: BASE }).pollFulfillment('507c340b', 'tok', {
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(reads).toHaveLength(0);
  });
});
