import { errorBodySchema, type Identity } from '@upsell-kit/core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import type { UpsellHandlerOptions } from '../handler/upsell-handler-options';

// Contract tests with Chargebee mocked at the network edge: MSW intercepts the SDK's fetch.
// Shared by the handler-level and the route tests; `mockUpstream()` wires MSW into the file.

export const SITE = 'acme-test';
export const API_KEY = 'test_key_4f9a8b7c6d5e';
export const GROW = `https://${SITE}.grow.chargebee.com/api/v2`;
export const APP = 'https://app.example.com';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
export const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  email: 'alice@acme.test',
  firstName: 'Alice',
  externalUserId: 'user_alice',
};

export interface Seen {
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
}

export const seen: Seen[] = [];
export const server = setupServer();

export async function record(request: Request): Promise<void> {
  const text = request.method === 'GET' ? '' : await request.clone().text();
  seen.push({
    method: request.method,
    path: new URL(request.url).pathname,
    body: text ? JSON.parse(text) : null,
    headers: request.headers,
  });
}

export const upstreamOffers = (expiresAt = Math.floor(Date.now() / 1000) + 3600) => ({
  personalized_offers: [
    {
      id: 'vdyjO2qlLD_715653d4',
      offer_id: 'vdyjO2qlLD',
      content: {
        title: '<div class="slate-p">Running out of storage?</div>',
        description: '<div class="slate-p">You\'ve used 80% <img src=x onerror=alert(1)></div>',
      },
      options: [
        {
          id: '6cd5280e',
          label: 'Add 100 GB storage',
          processing_type: 'billing_update',
          processing_layout: 'in_app',
          redirect_url: 'https://app.example.com/billing/done',
        },
        { id: 'a1b2c3d4', label: 'Upgrade', processing_type: 'checkout' },
      ],
    },
  ],
  brand: { id: 'brand_1', name: 'Acme' },
  expires_at: expiresAt,
});

export const upstreamFulfillment = (overrides: Record<string, unknown> = {}) => ({
  id: 'ful_507c340b',
  personalized_offer_id: 'vdyjO2qlLD_715653d4',
  option_id: '6cd5280e',
  processing_type: 'billing_update',
  status: 'in_progress',
  created_at: 1732790000,
  ...overrides,
});

export function offersHandler(body: unknown = upstreamOffers()) {
  return http.post(`${GROW}/personalized_offers`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(body as Record<string, unknown>);
  });
}

export function handler(overrides: Partial<UpsellHandlerOptions> = {}) {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const upsell = createUpsellHandler({
    chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 3_000 },
    identify: () => ALICE,
    secret: SECRET,
    logger,
    ...overrides,
  });
  return { upsell, logger };
}

export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${APP}/api/upsell${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function get(path: string): Request {
  return new Request(`${APP}/api/upsell${path}`);
}

export async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = v.parse(errorBodySchema, await response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

export async function fetchOffer(upsell: ReturnType<typeof handler>['upsell']) {
  const response = await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { offers: { id: string; token: string }[] };
  const offer = body.offers[0];
  if (!offer) throw new Error('no offer');
  return offer;
}

/** Starts MSW for the calling test file and clears the handlers and `seen` after each test. */
export function mockUpstream(): void {
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());
}
