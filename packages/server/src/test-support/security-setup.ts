// The handler, the MSW Chargebee and the helpers the security tests share.
import type { Identity } from '@upsell-kit/core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import type { UpsellHandlerOptions } from '../handler/upsell-handler-options';

// Security properties of the handler, with Chargebee mocked at the network edge.

export const SITE = 'acme-test';
export const API_KEY = 'live_Sup3rS3cretK3y_do_not_leak_98765';
export const APP = 'https://app.example.com';
export const SECRET = 'security-test-secret-0123456789abcdef0123';
export const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'alice',
};
export const CAROL: Identity = {
  customerId: 'cus_globex',
  subscriptionId: 'sub_globex',
  externalUserId: 'carol',
};

export const upstream: { path: string; body: string; headers: Headers }[] = [];
const server = setupServer(
  http.all(`https://${SITE}.grow.chargebee.com/*`, async ({ request }) => {
    upstream.push({
      path: new URL(request.url).pathname,
      body: request.method === 'GET' ? '' : await request.text(),
      headers: request.headers,
    });
    const path = new URL(request.url).pathname;
    if (path.endsWith('/personalized_offers')) {
      return HttpResponse.json({
        personalized_offers: [
          {
            id: 'po_1',
            offer_id: 'offer_1',
            content: { title: 't', description: 'd' },
            options: [{ id: 'opt_1', label: 'Yes', processing_type: 'billing_update' }],
          },
        ],
        expires_at: Math.floor(Date.now() / 1000) + 600,
      });
    }
    if (path.endsWith('/offer_events')) return new HttpResponse(null, { status: 204 });
    if (path.endsWith('/offer_fulfillments')) {
      return HttpResponse.json(
        {
          offer_fulfillment: {
            id: 'ful_1',
            personalized_offer_id: 'po_1',
            option_id: 'opt_1',
            processing_type: 'billing_update',
            status: 'in_progress',
          },
        },
        { status: 202 },
      );
    }
    // Anything else answers with an error that quotes the key, as a misbehaving upstream might
    // (a 409, not a 401: a 401 is logged as a configuration error that quotes nothing upstream).
    return HttpResponse.json(
      {
        message: `api_key ${API_KEY} is not valid here`,
        api_error_code: 'invalid_state_for_request',
        http_status_code: 409,
      },
      { status: 409 },
    );
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  upstream.length = 0;
});
afterAll(() => server.close());

export function setup(overrides: Partial<UpsellHandlerOptions> = {}) {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => void lines.push(JSON.stringify(args));
  let who: Identity | null = ALICE;
  const identify = vi.fn(() => who);
  const upsell = createUpsellHandler({
    chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 3_000 },
    identify,
    secret: SECRET,
    logger: { info: capture, warn: capture, error: capture },
    ...overrides,
  });
  return { upsell, identify, lines, as: (identity: Identity | null) => void (who = identity) };
}

export const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}/api/upsell${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export async function tokenFor(upsell: ReturnType<typeof setup>['upsell']): Promise<string> {
  const response = await upsell(post('/offers', {}));
  const body = (await response.json()) as { offers: { token: string }[] };
  upstream.length = 0;
  return body.offers[0]!.token;
}
