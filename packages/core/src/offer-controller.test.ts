import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createUpsellClient } from './client';
import { createOfferController } from './offer-controller';
import type { OfferQuery } from './offer-controller';
import type { OfferControllerOptions } from './offer-controller-options';
import { createOfferRegistry } from './offer-registry';
import { offerStatusMessage } from './offer-status-message';
import type { OfferStatusMessages } from './offer-status-messages';
import type { Fulfillment, Offer, OffersResponse } from './types';

// Node, no React, no DOM: the controller is what a Vue or Svelte binding would drive too. The
// network edge is MSW in front of the real client.
const server = setupServer();
/**
 * msw 3 mocks at the socket, and Node's HTTP stack waits on setImmediate: faked too, so that the
 * fake clock cannot run ahead of a request in flight.
 */
const SOCKET_CLOCK = [
  'setTimeout',
  'clearTimeout',
  'setImmediate',
  'clearImmediate',
  'Date',
] as const;
/** The real setImmediate, taken before any test fakes it: a turn of the event loop. */
const realImmediate = setImmediate;

/**
 * Steps the fake clock 50 ms at a time, with a real turn of the event loop in between, until
 * `done()` holds: a request's round trip takes an unknown number of turns on a busy machine, so a
 * single jump of the clock could land before the timer it was meant to fire was even set.
 */
async function stepUntil(done: () => boolean, maxMs = 120_000): Promise<void> {
  for (let elapsed = 0; !done(); elapsed += 50) {
    if (elapsed > maxMs) throw new Error(`stepUntil: still waiting after ${maxMs} ms of fake time`);
    await vi.advanceTimersByTimeAsync(50);
    await new Promise((resolve) => realImmediate(resolve));
  }
}

/** Steps the fake clock until `promise` settles, then returns it. */
async function untilSettled<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await stepUntil(() => settled);
  return promise;
}
/**
 * Every request a test's controllers sent, until it settles. A test can end while a `viewed` event
 * it sent is still on the wire; were it answered by the next test's handlers, that test would
 * count an event it never sent. So each test ends only once its requests have settled.
 */
const inFlight = new Set<Promise<Response>>();
const trackedFetch: typeof fetch = (input, init) => {
  const request = fetch(input, init);
  inFlight.add(request);
  const forget = () => inFlight.delete(request);
  request.then(forget, forget);
  return request;
};

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  // Redirects are checked against the page's URL.
  vi.stubGlobal('location', { href: 'http://localhost:3000/page', assign: vi.fn() });
});
afterEach(async () => {
  vi.useRealTimers();
  await vi.waitFor(
    async () => {
      await Promise.allSettled([...inFlight]);
      expect(inFlight.size).toBe(0);
    },
    { timeout: 10_000 },
  );
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

const base = 'http://localhost:3000/api/upsell';

function makeOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'vdyjO2qlLD_715653d4',
    offer_id: 'vdyjO2qlLD',
    token: 'tok_storage',
    content: { title: '<div>Running out of storage?</div>', description: '<div>Add more.</div>' },
    options: [
      {
        id: '6cd5280e',
        label: 'Add 100 GB storage',
        processing_type: 'billing_update',
        processing_layout: 'in_app',
        redirect_url: null,
      },
    ],
    ...overrides,
  };
}

function makeFulfillment(overrides: Partial<Fulfillment> = {}): Fulfillment {
  return {
    id: '507c340b',
    personalized_offer_id: 'vdyjO2qlLD_715653d4',
    option_id: '6cd5280e',
    processing_type: 'billing_update',
    status: 'in_progress',
    redirect_url: null,
    error: null,
    grant: null,
    ...overrides,
  };
}

const errorBody = (status: number, code: string) =>
  HttpResponse.json({ error: { code, message: 'Error.' } }, { status });

/** The contract's fulfillment and event routes, recording every request. */
function contract(
  answers: {
    fulfill?: (count: number) => Response | { status: number; body: unknown };
    read?: (id: string, count: number) => Response | Fulfillment;
  } = {},
) {
  const recorded = {
    events: [] as { token: string; type: string }[],
    fulfillments: [] as unknown[],
    reads: [] as string[],
  };
  const fulfill =
    answers.fulfill ??
    (() => ({
      status: 201,
      body: { fulfillment: makeFulfillment({ status: 'completed' }), hosted_page: null },
    }));
  const read = answers.read ?? ((id: string) => makeFulfillment({ id, status: 'completed' }));
  server.use(
    http.post(`${base}/events`, async ({ request }) => {
      recorded.events.push((await request.json()) as { token: string; type: string });
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${base}/fulfillments`, async ({ request }) => {
      recorded.fulfillments.push(await request.json());
      const answer = fulfill(recorded.fulfillments.length);
      return answer instanceof Response
        ? answer
        : HttpResponse.json(answer.body as Record<string, unknown>, { status: answer.status });
    }),
    http.get(`${base}/fulfillments/:id`, ({ params }) => {
      const id = String(params.id);
      recorded.reads.push(id);
      const answer = read(id, recorded.reads.length);
      return answer instanceof Response ? answer : HttpResponse.json({ fulfillment: answer });
    }),
  );
  return recorded;
}

const inHour = () => Math.floor(Date.now() / 1000) + 3600;
const offers = (...list: Offer[]): OffersResponse => ({
  offers: list,
  expires_at: inHour(),
  brand: null,
});
const loaded = (data: OffersResponse): OfferQuery => ({
  enabled: true,
  data,
  error: null,
  fetching: false,
});

/** A mounted prompt: a controller, started, fed `data`. */
function mount(data: OffersResponse | undefined, options: Partial<OfferControllerOptions> = {}) {
  const onEvent = vi.fn();
  const onError = vi.fn();
  const controller = createOfferController({
    client: createUpsellClient({ baseUrl: base, fetch: trackedFetch }),
    onEvent,
    onError,
    ...options,
  });
  controller.start();
  if (data) controller.setQuery(loaded(data));
  return { controller, onEvent, onError };
}

/** Lets MSW's answers and the controller's continuations run. */
const settle = () => vi.waitFor(() => new Promise((resolve) => setTimeout(resolve, 0)));

describe('createOfferController: lifecycle from the query', () => {
  it('idle → loading → ready; empty; a fetch error', () => {
    const { controller } = mount(undefined);
    expect(controller.getSnapshot().status).toBe('idle');
    controller.setQuery({ enabled: true, data: undefined, error: null, fetching: true });
    expect(controller.getSnapshot().status).toBe('loading');
    controller.setQuery(loaded(offers(makeOffer())));
    expect(controller.getSnapshot()).toMatchObject({ status: 'ready', offer: makeOffer() });
    controller.setQuery(loaded(offers()));
    expect(controller.getSnapshot().status).toBe('empty');
  });

  it('disabled after an offer was shown: back to idle, showing nothing, display ended', async () => {
    const recorded = contract();
    const registry = createOfferRegistry();
    const { controller } = mount(offers(makeOffer()), { registry });
    controller.markViewed();
    controller.setQuery({ ...loaded(offers(makeOffer())), enabled: false });
    expect(controller.getSnapshot()).toMatchObject({ status: 'idle', offer: null });
    // Shown again once enabled: a new display.
    controller.setQuery(loaded(offers(makeOffer())));
    controller.markViewed();
    await vi.waitFor(() => expect(recorded.events).toHaveLength(2));
    expect(recorded.events.map((e) => e.type)).toEqual(['viewed', 'viewed']);
  });

  it('a failed offers request reaches onError once per failure; firstReport once per registry', () => {
    const registry = createOfferRegistry();
    const prompts = [mount(undefined, { registry }), mount(undefined, { registry })];
    const error = new Error('upstream');
    for (let i = 0; i < 3; i++) {
      for (const { controller } of prompts) {
        controller.setQuery({ enabled: true, data: undefined, error, fetching: false });
      }
    }
    expect(prompts.map(({ onError }) => onError.mock.calls)).toEqual([
      [[error, { firstReport: true }]],
      [[error, { firstReport: false }]],
    ]);
    expect(prompts[0]!.controller.getSnapshot()).toMatchObject({ status: 'error', error });
    // A second failure (a refetch) is a new one.
    const again = new Error('again');
    prompts[1]!.controller.setQuery({
      enabled: true,
      data: undefined,
      error: again,
      fetching: false,
    });
    expect(prompts[1]!.onError).toHaveBeenLastCalledWith(again, { firstReport: true });
  });
});

describe('createOfferController: views and dismissals', () => {
  it('one viewed per display, however many calls and prompts', async () => {
    const recorded = contract();
    const registry = createOfferRegistry();
    const prompts = Array.from({ length: 10 }, () => mount(offers(makeOffer()), { registry }));
    for (const { controller } of prompts) {
      controller.markViewed();
      controller.markViewed();
    }
    await settle();
    await vi.waitFor(() => expect(recorded.events).toHaveLength(1));
    expect(recorded.events).toEqual([{ token: 'tok_storage', type: 'viewed' }]);
    expect(prompts[0]!.onEvent).toHaveBeenCalledWith({
      type: 'viewed',
      personalizedOfferId: 'vdyjO2qlLD_715653d4',
      offerId: 'vdyjO2qlLD',
    });
  });

  it('stop and start again (StrictMode) keeps the display; every prompt gone, then back: a new one', async () => {
    const recorded = contract();
    const registry = createOfferRegistry();
    const first = mount(offers(makeOffer()), { registry });
    first.controller.markViewed();
    first.controller.stop();
    first.controller.start();
    const second = mount(offers(makeOffer()), { registry });
    second.controller.markViewed();
    first.controller.stop();
    await settle();
    expect(recorded.events).toHaveLength(1);
    // The second still shows it: the same display. Then it goes too.
    second.controller.stop();
    const third = mount(offers(makeOffer()), { registry });
    third.controller.markViewed();
    await vi.waitFor(() => expect(recorded.events).toHaveLength(2));
  });

  it('a refetch with a fresh personalized id keeps the display; dismiss names the latest token', async () => {
    const recorded = contract();
    const { controller } = mount(offers(makeOffer({ id: 'po_1', token: 'tok_1' })));
    controller.markViewed();
    controller.setQuery(loaded(offers(makeOffer({ id: 'po_2', token: 'tok_2' }))));
    controller.setQuery(loaded(offers(makeOffer({ id: 'po_3', token: 'tok_3' }))));
    controller.markViewed();
    controller.dismiss();
    await vi.waitFor(() => expect(recorded.events).toHaveLength(2));
    // Two keepalive requests: the wire does not keep their order (msw 3 and browsers alike).
    expect(recorded.events).toEqual(
      expect.arrayContaining([
        { token: 'tok_1', type: 'viewed' },
        { token: 'tok_3', type: 'dismissed' },
      ]),
    );
  });

  it('a prompt that stops showing the offer (no longer eligible) ends its display', async () => {
    const recorded = contract();
    const registry = createOfferRegistry();
    const first = mount(offers(makeOffer()), { registry });
    first.controller.markViewed();
    first.controller.setQuery(loaded(offers()));
    expect(first.controller.getSnapshot().status).toBe('empty');
    const second = mount(offers(makeOffer({ id: 'po_2', token: 'tok_2' })), { registry });
    second.controller.markViewed();
    await vi.waitFor(() => expect(recorded.events).toHaveLength(2));
    expect(recorded.events.map((e) => e.type)).toEqual(['viewed', 'viewed']);
  });

  it('a dismissal hides every prompt of that offer, with one event, until it expires', async () => {
    const recorded = contract();
    const registry = createOfferRegistry();
    const first = mount(offers(makeOffer()), { registry });
    const second = mount(offers(makeOffer()), { registry });
    first.controller.dismiss();
    expect(first.controller.getSnapshot().status).toBe('dismissed');
    expect(second.controller.getSnapshot().status).toBe('dismissed');
    // A refetch returns the offer again (a fresh id): still dismissed, also for a new prompt.
    first.controller.setQuery(loaded(offers(makeOffer({ id: 'po_2' }))));
    expect(first.controller.getSnapshot().status).toBe('dismissed');
    expect(mount(offers(makeOffer()), { registry }).controller.getSnapshot().status).toBe(
      'dismissed',
    );
    await vi.waitFor(() => expect(recorded.events.map((e) => e.type)).toContain('dismissed'));
    await settle();
    // Dismissing counts the view first (the user saw what they closed).
    expect(recorded.events.map((e) => e.type)).toEqual(['viewed', 'dismissed']);
    expect(registry.isDismissed(makeOffer())).toBe(true);
  });

  it('a stopped prompt follows no dismissal elsewhere', () => {
    contract();
    const registry = createOfferRegistry();
    const first = mount(offers(makeOffer()), { registry });
    const second = mount(offers(makeOffer()), { registry });
    second.controller.stop();
    first.controller.dismiss();
    expect(second.controller.getSnapshot().status).toBe('ready');
  });

  it('reports a failed event request to onError, and keeps the state', async () => {
    server.use(http.post(`${base}/events`, () => errorBody(502, 'upstream_error')));
    const { controller, onError } = mount(offers(makeOffer()));
    controller.markViewed();
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'upstream_error' });
    expect(controller.getSnapshot()).toMatchObject({ status: 'ready', viewed: true });
  });
});

describe('createOfferController: accept', () => {
  it('twice in the same tick: one fulfillment request; dismiss is a no-op after', async () => {
    const recorded = contract();
    const onCompleted = vi.fn();
    const { controller, onEvent } = mount(offers(makeOffer()), { onCompleted });
    await Promise.all([controller.accept('6cd5280e'), controller.accept('6cd5280e')]);
    controller.dismiss();
    expect(controller.getSnapshot().status).toBe('completed');
    expect(recorded.fulfillments).toEqual([{ token: 'tok_storage', option_id: '6cd5280e' }]);
    expect(onCompleted).toHaveBeenCalledTimes(1);
    expect(onEvent.mock.calls.map(([event]) => event)).toEqual([
      { type: 'viewed', personalizedOfferId: 'vdyjO2qlLD_715653d4', offerId: 'vdyjO2qlLD' },
      {
        type: 'accepted',
        personalizedOfferId: 'vdyjO2qlLD_715653d4',
        offerId: 'vdyjO2qlLD',
        optionId: '6cd5280e',
      },
      {
        type: 'completed',
        personalizedOfferId: 'vdyjO2qlLD_715653d4',
        offerId: 'vdyjO2qlLD',
        optionId: '6cd5280e',
        fulfillmentId: '507c340b',
      },
    ]);
  });

  it('an unknown option or a prompt without an offer does nothing', async () => {
    const recorded = contract();
    const { controller } = mount(offers(makeOffer()));
    await controller.accept('nope');
    expect(controller.getSnapshot().status).toBe('ready');
    await mount(undefined).controller.accept('6cd5280e');
    expect(recorded.fulfillments).toHaveLength(0);
  });

  it('409: already accepted, one event', async () => {
    contract({ fulfill: () => errorBody(409, 'offer_already_accepted') });
    const { controller, onEvent, onError } = mount(offers(makeOffer()));
    await controller.accept('6cd5280e');
    expect(controller.getSnapshot().status).toBe('already_accepted');
    expect(onEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({ type: 'already_accepted', optionId: '6cd5280e' }),
    );
    expect(onError).not.toHaveBeenCalled();
  });

  it('a failed accept request (offline): the error state, then a retry that completes', async () => {
    const recorded = contract({
      fulfill: (count) =>
        count === 1
          ? HttpResponse.error()
          : {
              status: 201,
              body: { fulfillment: makeFulfillment({ status: 'completed' }), hosted_page: null },
            },
    });
    const { controller, onEvent, onError } = mount(offers(makeOffer()));
    await controller.accept('6cd5280e');
    expect(controller.getSnapshot().status).toBe('error');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'network_error' }), {
      firstReport: true,
    });
    expect(onEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({ type: 'failed', errorCode: 'network_error' }),
    );
    // The same display: a refetch beside the error sends no second viewed.
    controller.setQuery(loaded(offers(makeOffer({ id: 'po_2', token: 'tok_2' }))));
    expect(controller.getSnapshot()).toMatchObject({ status: 'ready', viewed: true });
    await controller.accept('6cd5280e');
    expect(controller.getSnapshot().status).toBe('completed');
    expect(recorded.fulfillments).toHaveLength(2);
    await Promise.allSettled([...inFlight]);
    expect(recorded.events.filter((e) => e.type === 'viewed')).toHaveLength(1);
  });

  it('a fulfillment that failed at once: failed with its code, no polling', async () => {
    const recorded = contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({
            status: 'failed',
            error: { code: 'billing_update_failed' },
          }),
          hosted_page: null,
        },
      }),
    });
    const { controller, onEvent } = mount(offers(makeOffer()));
    await controller.accept('6cd5280e');
    expect(controller.getSnapshot().status).toBe('failed');
    expect(onEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({ type: 'failed', errorCode: 'billing_update_failed' }),
    );
    expect(recorded.reads).toEqual([]);
  });

  it('checkout: navigates to the hosted page, no polling', async () => {
    const offer = makeOffer({
      options: [{ id: 'co', label: 'Upgrade', processing_type: 'checkout' }],
    });
    const recorded = contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'co', processing_type: 'checkout' }),
          hosted_page: { id: 'hp_1', url: 'https://acme.chargebee.com/pages/v4/hp_1/' },
        },
      }),
    });
    const navigate = vi.fn();
    const { controller } = mount(offers(offer), { navigate });
    await controller.accept('co');
    expect(navigate).toHaveBeenCalledExactlyOnceWith('https://acme.chargebee.com/pages/v4/hp_1/');
    expect(recorded.reads).toEqual([]);
  });

  it('checkout with onCheckout: hands the page over, then polls to completion', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    const offer = makeOffer({
      options: [{ id: 'co', label: 'Upgrade', processing_type: 'checkout' }],
    });
    const hostedPage = { id: 'hp_1', url: 'https://acme.chargebee.com/pages/v4/hp_1/' };
    const recorded = contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'co', processing_type: 'checkout' }),
          hosted_page: hostedPage,
        },
      }),
    });
    const onCheckout = vi.fn();
    const navigate = vi.fn();
    const { controller } = mount(offers(offer), { onCheckout, navigate });
    await untilSettled(controller.accept('co'));
    expect(onCheckout).toHaveBeenCalledWith(hostedPage, offer, null);
    expect(navigate).not.toHaveBeenCalled();
    expect(controller.getSnapshot().status).toBe('completed');
    expect(recorded.reads).toEqual(['507c340b']);
  });

  it("onCheckout receives the option's processing_layout with the whole hosted page", async () => {
    const offer = makeOffer({
      options: [
        { id: 'co', label: 'Upgrade', processing_type: 'checkout', processing_layout: 'in_app' },
      ],
    });
    const hostedPage = {
      id: 'hp_1',
      url: 'https://acme.chargebee.com/pages/v4/hp_1/',
      type: 'checkout_existing',
      state: 'created',
      embed: false,
      created_at: 1_700_000_000,
      expires_at: 1_700_010_800,
    };
    contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'co', processing_type: 'checkout' }),
          hosted_page: hostedPage,
        },
      }),
    });
    const onCheckout = vi.fn();
    const { controller } = mount(offers(offer), { onCheckout, pollTimeoutMs: 0 });
    await controller.accept('co');
    expect(onCheckout).toHaveBeenCalledExactlyOnceWith(hostedPage, offer, 'in_app');
  });

  it.each([
    'http://127.0.0.1:4010/hosted_pages/hp_1',
    'https://evil.example/phish',
    'https://acme.chargebee.com.evil.example/pages/v4/hp_1/',
  ])(
    'a checkout page the kit may not open (%s): the error state says so, no "Still processing"',
    async (url) => {
      const offer = makeOffer({
        options: [{ id: 'co', label: 'Upgrade', processing_type: 'checkout' }],
      });
      const recorded = contract({
        fulfill: () => ({
          status: 201,
          body: {
            fulfillment: makeFulfillment({ option_id: 'co', processing_type: 'checkout' }),
            hosted_page: { id: 'hp_1', url },
          },
        }),
      });
      const navigate = vi.fn();
      const { controller, onEvent, onError } = mount(offers(offer), { navigate });
      await controller.accept('co');
      expect(navigate).not.toHaveBeenCalled();
      expect(controller.getSnapshot().status).toBe('error');
      const messages: OfferStatusMessages = {
        processing: 'Processing…',
        success: 'Done!',
        alreadyAccepted: 'Already.',
        stillProcessing: 'Still processing.',
        failure: { default: 'Failed.' },
        error: { default: 'Error.', unsafe_redirect: 'Could not open the checkout.' },
        units: {},
        grant: () => '',
      };
      expect(offerStatusMessage(controller.getSnapshot(), messages, 'en')).toBe(
        'Could not open the checkout.',
      );
      expect(onEvent).toHaveBeenLastCalledWith(
        expect.objectContaining({ type: 'failed', errorCode: 'unsafe_redirect' }),
      );
      expect(onError).toHaveBeenCalledExactlyOnceWith(
        expect.objectContaining({ message: expect.stringContaining('Refused') }),
        { firstReport: true },
      );
      expect(recorded.reads).toEqual([]);
    },
  );

  it('the server refusing the page (502 unsafe_redirect) is the same error state and message', async () => {
    const offer = makeOffer({
      options: [{ id: 'co', label: 'Upgrade', processing_type: 'checkout' }],
    });
    const recorded = contract({ fulfill: () => errorBody(502, 'unsafe_redirect') });
    const navigate = vi.fn();
    const { controller, onEvent } = mount(offers(offer), { navigate });
    await controller.accept('co');
    expect(navigate).not.toHaveBeenCalled();
    expect(controller.getSnapshot().status).toBe('error');
    const messages: OfferStatusMessages = {
      processing: 'Processing…',
      success: 'Done!',
      alreadyAccepted: 'Already.',
      stillProcessing: 'Still processing.',
      failure: { default: 'Failed.' },
      error: { default: 'Error.', unsafe_redirect: 'Could not open the checkout.' },
      units: {},
      grant: () => '',
    };
    expect(offerStatusMessage(controller.getSnapshot(), messages, 'en')).toBe(
      'Could not open the checkout.',
    );
    expect(onEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({ type: 'failed', errorCode: 'unsafe_redirect' }),
    );
    expect(recorded.reads).toEqual([]);
  });

  it.each([
    ['https://example.com/welcome', true],
    ['https://evil.example/phish', false],
    ['http://evil.example/phish', false],
  ])(
    'billing_update with redirect_url %s: follows it after completion = %s (example.com listed)',
    async (url, allowed) => {
      let reads = 0;
      contract({
        fulfill: () => ({
          status: 201,
          body: { fulfillment: makeFulfillment({ redirect_url: url }), hosted_page: null },
        }),
        read: (id) => {
          reads += 1;
          return makeFulfillment({ id, status: 'completed', redirect_url: url });
        },
      });
      const navigate = vi.fn();
      const { controller, onError } = mount(offers(makeOffer()), {
        navigate,
        allowedRedirectHosts: ['example.com'],
      });
      // The first status read comes after the client's 1 s back-off; accept resolves after it.
      await controller.accept('6cd5280e');
      expect(reads).toBe(1);
      expect(controller.getSnapshot().status).toBe('completed');
      if (allowed) expect(navigate).toHaveBeenCalledExactlyOnceWith(url);
      else {
        expect(navigate).not.toHaveBeenCalled();
        expect(onError).toHaveBeenCalledExactlyOnceWith(
          expect.objectContaining({
            code: 'unsafe_redirect',
            message: expect.stringContaining(url),
          }),
          { firstReport: true },
        );
      }
    },
  );

  it.each([
    ['https://example.com/welcome', true],
    ['https://www.example.com/welcome', false],
    ['/settings/storage', true],
    ['http://localhost:3000/same-origin', true],
    ['javascript:alert(1)', false],
    ['https://evil.example/phish', false],
    ['http://evil.example/phish', false],
    ['data:text/html,<script>alert(1)</script>', false],
  ])('url_redirect to %s: navigates = %s (example.com listed)', async (url, allowed) => {
    const offer = makeOffer({
      options: [
        { id: 'ur', label: 'Learn more', processing_type: 'url_redirect', redirect_url: url },
      ],
    });
    contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({
            option_id: 'ur',
            processing_type: 'url_redirect',
            status: 'completed',
            redirect_url: url,
          }),
          hosted_page: null,
        },
      }),
    });
    const navigate = vi.fn();
    const { controller, onError } = mount(offers(offer), {
      navigate,
      allowedRedirectHosts: ['example.com'],
    });
    await controller.accept('ur');
    expect(controller.getSnapshot().status).toBe('completed');
    if (allowed) expect(navigate).toHaveBeenCalledExactlyOnceWith(url);
    else {
      expect(navigate).not.toHaveBeenCalled();
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ message: expect.stringContaining('Refused') }),
        { firstReport: true },
      );
    }
  });

  it('a url_redirect in progress to a host nobody listed: the prompt shows the refusal', async () => {
    const url = 'https://evil.example/phish';
    const offer = makeOffer({
      options: [
        { id: 'ur', label: 'Learn more', processing_type: 'url_redirect', redirect_url: url },
      ],
    });
    const recorded = contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ option_id: 'ur', processing_type: 'url_redirect' }),
          hosted_page: null,
        },
      }),
    });
    const navigate = vi.fn();
    const { controller, onEvent, onError } = mount(offers(offer), { navigate });
    await controller.accept('ur');
    expect(navigate).not.toHaveBeenCalled();
    expect(controller.getSnapshot()).toMatchObject({
      status: 'error',
      error: expect.objectContaining({ code: 'unsafe_redirect' }),
    });
    expect(onEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({
        type: 'failed',
        errorCode: 'unsafe_redirect',
        fulfillmentId: '507c340b',
      }),
    );
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ message: expect.stringContaining(url) }),
      { firstReport: true },
    );
    expect(recorded.reads).toEqual([]);
  });

  it('a throwing app callback is reported, never an unhandled rejection', async () => {
    contract({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({ processing_type: 'url_redirect', status: 'completed' }),
          hosted_page: null,
        },
      }),
    });
    const offer = makeOffer({
      options: [
        { id: '6cd5280e', label: 'Go', processing_type: 'url_redirect', redirect_url: '/x' },
      ],
    });
    const boom = new Error('router exploded');
    const { controller, onError } = mount(offers(offer), {
      navigate: () => {
        throw boom;
      },
    });
    await expect(controller.accept('6cd5280e')).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(boom, { firstReport: true });
  });
});

describe('createOfferController: polling', () => {
  it('a fulfillment that takes 30 s is polled with backoff: at most 8 status reads', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    const start = Date.now();
    const recorded = contract({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) =>
        makeFulfillment({ id, status: Date.now() - start >= 29_000 ? 'completed' : 'in_progress' }),
    });
    const { controller } = mount(offers(makeOffer()), { pollTimeoutMs: 60_000 });
    const done = controller.accept('6cd5280e');
    await stepUntil(() => controller.getSnapshot().status === 'completed', 70_000);
    await done;
    expect(controller.getSnapshot().status).toBe('completed');
    expect(recorded.reads.length).toBeGreaterThan(0);
    expect(recorded.reads.length).toBeLessThanOrEqual(8);
  });

  it('a status the kit does not know yet is polled like in_progress, to completion', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    const recorded = contract({
      fulfill: () => ({
        status: 201,
        body: { fulfillment: makeFulfillment({ status: 'awaiting_payment' }), hosted_page: null },
      }),
      read: (id) => makeFulfillment({ id, status: 'completed' }),
    });
    const { controller, onEvent } = mount(offers(makeOffer()));
    await untilSettled(controller.accept('6cd5280e'));
    expect(controller.getSnapshot().status).toBe('completed');
    expect(recorded.reads).toEqual(['507c340b']);
    expect(onEvent).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'completed' }));
  });

  it('gives up politely after pollTimeoutMs: still processing', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    const recorded = contract({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'in_progress' }),
    });
    const { controller } = mount(offers(makeOffer()));
    const done = controller.accept('6cd5280e');
    await stepUntil(() => controller.getSnapshot().stillProcessing === true, 40_000);
    await done;
    expect(controller.getSnapshot()).toMatchObject({ status: 'fulfilling', stillProcessing: true });
    expect(recorded.reads.length).toBeLessThanOrEqual(8);
  });

  it('a status read that fails: the error state, one failed event with ids, one onError', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    contract({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: () => errorBody(404, 'not_found'),
    });
    const { controller, onEvent, onError } = mount(offers(makeOffer()));
    await untilSettled(controller.accept('6cd5280e'));
    expect(controller.getSnapshot().status).toBe('error');
    expect(onEvent).toHaveBeenLastCalledWith({
      type: 'failed',
      personalizedOfferId: 'vdyjO2qlLD_715653d4',
      offerId: 'vdyjO2qlLD',
      optionId: '6cd5280e',
      fulfillmentId: '507c340b',
      errorCode: 'not_found',
    });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('stop during polling aborts it: no more reads, no error, no completed event', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    const recorded = contract({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'in_progress' }),
    });
    const { controller, onEvent, onError } = mount(offers(makeOffer()));
    const done = controller.accept('6cd5280e');
    await stepUntil(() => recorded.reads.length === 1);
    controller.stop();
    await expect(done).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recorded.reads).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expect(onEvent).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'completed' }));
  });

  it('stopped while the accept request is in flight: polls nothing after', async () => {
    vi.useFakeTimers({ toFake: [...SOCKET_CLOCK] });
    let answer: () => void = () => {};
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const recorded = contract({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
    });
    // In front of the contract's handler: the request waits for the gate, then falls through.
    server.use(
      http.post(`${base}/fulfillments`, async () => {
        await gate;
      }),
    );
    const { controller, onEvent } = mount(offers(makeOffer()));
    const done = controller.accept('6cd5280e');
    controller.stop();
    answer();
    await done;
    expect(recorded.fulfillments).toHaveLength(1);
    // The first status read would come a second after the answer.
    await vi.advanceTimersByTimeAsync(5000);
    expect(recorded.reads).toEqual([]);
    expect(onEvent).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'completed' }));
  });
});

describe('offerStatusMessage', () => {
  const messages: OfferStatusMessages = {
    processing: 'Processing…',
    success: 'Done!',
    alreadyAccepted: 'Already.',
    stillProcessing: 'Still processing.',
    failure: { default: 'Failed.', billing_update_failed: 'Card declined.' },
    error: { default: 'Error.', network_error: 'Offline.' },
    units: { ai_credits: { one: 'AI credit', other: 'AI credits' } },
    grant: (grant, unit) =>
      unit ? `Done! ${grant.amount} ${unit} added.` : 'Done! Credits added.',
  };
  const offer = makeOffer();
  const state = (patch: object) => ({
    status: 'ready' as const,
    offer,
    optionId: null,
    fulfillment: null,
    hostedPage: null,
    replayed: false,
    error: null,
    viewed: false,
    stillProcessing: false,
    ...patch,
  });

  it.each([
    [{ status: 'ready' }, ''],
    [{ status: 'accepting' }, 'Processing…'],
    [{ status: 'fulfilling', stillProcessing: true }, 'Still processing.'],
    [{ status: 'completed', fulfillment: makeFulfillment({ status: 'completed' }) }, 'Done!'],
    [
      {
        status: 'completed',
        fulfillment: makeFulfillment({
          status: 'completed',
          grant: { unit_id: 'ai_credits', amount: '50', expires_at: inHour() },
        }),
      },
      'Done! 50 AI credits added.',
    ],
    [
      {
        status: 'completed',
        fulfillment: makeFulfillment({
          status: 'completed',
          grant: { unit_id: 'ai_credits', amount: '1', expires_at: inHour() },
        }),
      },
      'Done! 1 AI credit added.',
    ],
    // A unit without a name (or named like an Object.prototype member): never the raw id.
    [
      {
        status: 'completed',
        fulfillment: makeFulfillment({
          status: 'completed',
          grant: { unit_id: 'constructor', amount: '5', expires_at: inHour() },
        }),
      },
      'Done! Credits added.',
    ],
    [{ status: 'already_accepted' }, 'Already.'],
    [
      {
        status: 'failed',
        fulfillment: makeFulfillment({ error: { code: 'billing_update_failed' } }),
      },
      'Card declined.',
    ],
    // Codes that name Object.prototype members still get the default text.
    [
      { status: 'failed', fulfillment: makeFulfillment({ error: { code: 'constructor' } }) },
      'Failed.',
    ],
    [
      { status: 'failed', fulfillment: makeFulfillment({ error: { code: '__proto__' } }) },
      'Failed.',
    ],
    [{ status: 'error', error: Object.assign(new Error(), { code: 'network_error' }) }, 'Offline.'],
    [{ status: 'error', error: new Error('x') }, 'Error.'],
  ])('%o → %s', (patch, text) => {
    expect(offerStatusMessage(state(patch), messages)).toBe(text);
  });
});
