import type { Fulfillment, Offer, OffersResponse } from '@upsell-kit/core';
import { HttpResponse, http } from 'msw';
import type { HttpHandler } from 'msw';

/** The tutorial's offer, as the server hands it out (content HTML unsanitized). */
export function makeOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: 'vdyjO2qlLD_715653d4',
    offer_id: 'vdyjO2qlLD',
    token: 'tok_storage',
    content: {
      title: '<div class="slate-p">Running out of storage?</div>',
      description:
        '<div class="slate-p">Add <b>100 GB</b> for $5/month.<img src=x onerror="window.__xss=1"></div>',
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
    ...overrides,
  };
}

export function makeFulfillment(overrides: Partial<Fulfillment> = {}): Fulfillment {
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

export interface Recorded {
  offers: unknown[];
  events: { token: string; type: string }[];
  fulfillments: unknown[];
  reads: string[];
}

/**
 * Handlers that answer the HTTP contract at `/api/upsell`, recording every request body so tests
 * can count requests. `offers`, `fulfill` and `read` decide the answers.
 */
export function contractHandlers(
  answers: {
    offers?: (body: unknown) => Response | OffersResponse;
    fulfill?: (body: unknown, count: number) => Response | { status: number; body: unknown };
    read?: (id: string, count: number) => Response | Fulfillment;
  } = {},
): { handlers: HttpHandler[]; recorded: Recorded } {
  const recorded: Recorded = { offers: [], events: [], fulfillments: [], reads: [] };
  const offers =
    answers.offers ??
    (() => ({
      offers: [makeOffer()],
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      brand: null,
    }));
  const fulfill =
    answers.fulfill ??
    (() => ({
      status: 201,
      body: { fulfillment: makeFulfillment({ status: 'completed' }), hosted_page: null },
    }));
  const read = answers.read ?? ((id: string) => makeFulfillment({ id, status: 'completed' }));
  const handlers = [
    http.post('*/api/upsell/offers', async ({ request }) => {
      const body = await request.json();
      recorded.offers.push(body);
      const answer = offers(body);
      return answer instanceof Response ? answer : HttpResponse.json(answer);
    }),
    http.post('*/api/upsell/events', async ({ request }) => {
      recorded.events.push((await request.json()) as Recorded['events'][number]);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/upsell/fulfillments', async ({ request }) => {
      const body = await request.json();
      recorded.fulfillments.push(body);
      const answer = fulfill(body, recorded.fulfillments.length);
      return answer instanceof Response
        ? answer
        : HttpResponse.json(answer.body as Record<string, unknown>, { status: answer.status });
    }),
    http.get('*/api/upsell/fulfillments/:id', ({ params }) => {
      const id = String(params.id);
      recorded.reads.push(id);
      const answer = read(id, recorded.reads.length);
      return answer instanceof Response ? answer : HttpResponse.json({ fulfillment: answer });
    }),
  ];
  return { handlers, recorded };
}

/** The contract's error envelope. */
export function errorResponse(status: number, code: string, message = 'Error.'): Response {
  return HttpResponse.json({ error: { code, message } }, { status });
}
