// Drives the simulator through the OFFICIAL chargebee SDK, the way @upsell-kit/server talks to Chargebee.
import Chargebee from 'chargebee';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from './create-simulator';
import type { SimulatorServer } from './simulator';

const sim = createSimulator();
let server: SimulatorServer;

beforeAll(async () => {
  server = await sim.listen({ port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  sim.reset();
});

/** The SDK builds https://{site}.grow.chargebee.com URLs; rewrite the origin to the local server. */
function localClient() {
  return {
    async makeApiRequest(request: Request, timeoutMs: number): Promise<Response> {
      const url = new URL(request.url);
      const base = new URL(server.url);
      url.protocol = base.protocol;
      url.host = base.host;
      return fetch(url, {
        method: request.method,
        headers: request.headers,
        ...(request.method === 'GET' ? {} : { body: await request.text() }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    },
  };
}

function sdk(options: { apiKey?: string; retry?: boolean } = {}) {
  return new Chargebee({
    site: 'upsell-kit-test',
    apiKey: options.apiKey ?? 'test_simulator_key',
    httpClient: localClient(),
    timeout: 10_000,
    ...(options.retry
      ? {
          retryConfig: { enabled: true, maxRetries: 2, delayMs: 10, retryOn: [500, 502, 503, 504] },
        }
      : {}),
  });
}

describe('official chargebee SDK against listen()', () => {
  it('runs the whole storage upsell: offer → viewed → fulfillment → completed', async () => {
    const cb = sdk();
    const offers = await cb.personalizedOffer.personalizedOffers({
      customer_id: 'cust_1',
      subscription_id: 'sub_1',
      first_name: 'Zoë',
      roles: ['admin'],
      custom: { storage_used_percent: 82 },
      request_context: { locale: 'de-DE', url: 'https://app.example/files', user_agent: 'vitest' },
    });
    expect(offers.httpStatusCode).toBe(200);
    const offer = offers.personalized_offers[0];
    expect(offer?.offer_id).toBe('storage_upsell');
    expect(offers.brand?.name).toBe('Upsell Kit Test');

    // the SDK sends JSON with its content type; non-ASCII survives
    const [request] = sim.inspect.requests();
    expect(request?.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(request?.body).toMatchObject({
      first_name: 'Zoë',
      custom: { storage_used_percent: 82 },
    });
    expect(request?.headers.authorization).toBe('REDACTED');

    const viewed = await cb.offerEvent.offerEvents({
      personalized_offer_id: offer!.id,
      type: 'viewed',
    });
    expect(viewed.httpStatusCode).toBe(204);
    expect(sim.inspect.events()).toEqual([
      expect.objectContaining({ type: 'viewed', personalized_offer_id: offer!.id }),
    ]);

    const created = await cb.offerFulfillment.offerFulfillments({
      personalized_offer_id: offer!.id,
      option_id: 'add_100gb_storage',
    });
    expect(created.httpStatusCode).toBe(202);
    expect(created.offer_fulfillment.status).toBe('in_progress');

    sim.clock.advance(1500);
    const read = await cb.offerFulfillment.offerFulfillmentsGet(created.offer_fulfillment.id);
    expect(read.offer_fulfillment.status).toBe('completed');
  });

  it('rejects API errors as plain objects with http_status_code (409 on a second fulfillment)', async () => {
    const cb = sdk();
    const offer = (
      await cb.personalizedOffer.personalizedOffers({
        customer_id: 'c',
        subscription_id: 's',
        custom: { storage_used_percent: 90 },
      })
    ).personalized_offers[0]!;
    await cb.offerFulfillment.offerFulfillments({
      personalized_offer_id: offer.id,
      option_id: 'add_100gb_storage',
    });
    const error = await cb.offerFulfillment
      .offerFulfillments({ personalized_offer_id: offer.id, option_id: 'add_100gb_storage' })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(Error);
    expect(error).toMatchObject({
      http_status_code: 409,
      api_error_code: 'invalid_state_for_request',
      type: 'invalid_request',
    });
  });

  it('reports validation errors with param, and 401 for a wrong key', async () => {
    const error = await sdk()
      .personalizedOffer.personalizedOffers({ customer_id: 'c', email: 'x'.repeat(71) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'email',
    });
    const unauth = await sdk({ apiKey: 'test_wrong' })
      .personalizedOffer.personalizedOffers({ customer_id: 'c' })
      .catch((e: unknown) => e);
    expect(unauth).toMatchObject({
      http_status_code: 401,
      api_error_code: 'api_authentication_failed',
    });
  });

  it('completes a webhook fulfillment with a promotional grant and the Update API', async () => {
    const cb = sdk();
    const offer = (
      await cb.personalizedOffer.personalizedOffers({
        customer_id: 'c',
        subscription_id: 'sub_ai',
        custom: { ai_credits_used_percent: 95 },
      })
    ).personalized_offers[0]!;
    expect(offer.options[0]?.label).toBe('Claim 50 bonus AI credits');
    const { offer_fulfillment: f } = await cb.offerFulfillment.offerFulfillments({
      personalized_offer_id: offer.id,
      option_id: 'claim_50_ai_credits',
    });
    expect(f.processing_type).toBe('webhook');

    const expiresAt = Math.floor(sim.clock.now() / 1000) + 30 * 24 * 3600;
    const grant = await cb.promotionalGrant.promotionalGrants(
      {
        subscription_id: 'sub_ai',
        unit_id: 'ai_credits',
        amount: '50',
        expires_at: expiresAt,
        metadata: { fulfillment_id: f.id },
      },
      { 'chargebee-idempotency-key': `grant-${f.id}` },
    );
    expect(grant.grant_blocks[0]).toMatchObject({
      granted_amount: '50',
      balance: '50',
      metadata: { fulfillment_id: f.id },
    });
    const replay = await cb.promotionalGrant.promotionalGrants(
      {
        subscription_id: 'sub_ai',
        unit_id: 'ai_credits',
        amount: '50',
        expires_at: expiresAt,
        metadata: { fulfillment_id: f.id },
      },
      { 'chargebee-idempotency-key': `grant-${f.id}` },
    );
    expect(replay.isIdempotencyReplayed).toBe('true');
    expect(sim.balances('sub_ai', 'ai_credits')).toBe('50');

    const blocks = await cb.grantBlock.listGrantBlocks({ subscription_id: { is: 'sub_ai' } });
    expect(blocks.list).toHaveLength(1);
    expect(blocks.list[0]?.grant_block.unit_id).toBe('ai_credits');

    const updated = await cb.offerFulfillment.offerFulfillmentsUpdate(f.id, {
      id: f.id,
      status: 'completed',
    });
    expect(updated.offer_fulfillment.status).toBe('completed');
  });

  it('is retried by the SDK through a 503 and a 429 with Retry-After', async () => {
    const cb = sdk({ retry: true });
    sim.faults.set('personalized_offers', { status: 503, times: 1 });
    const offers = await cb.personalizedOffer.personalizedOffers({
      customer_id: 'c',
      custom: { storage_used_percent: 90 },
    });
    expect(offers.personalized_offers).toHaveLength(1);
    sim.faults.set('offer_events', { status: 429, retryAfter: 1, times: 1 });
    await cb.offerEvent.offerEvents({
      personalized_offer_id: offers.personalized_offers[0]!.id,
      type: 'viewed',
    });
    const requests = sim.inspect.requests();
    expect(requests.map((r) => r.headers['x-cb-retry-attempt'] ?? '0')).toEqual([
      '0',
      '1',
      '0',
      '1',
    ]);
  });

  it('rejects over the API limit with the plain object the SDK makes of a 429', async () => {
    const cb = sdk();
    sim.setApiLimit({ requestsPerMinute: 1 });
    await cb.personalizedOffer.personalizedOffers({ customer_id: 'c' });
    const refused = await cb.promotionalGrant
      .promotionalGrants({
        subscription_id: 's',
        unit_id: 'ai_credits',
        amount: '5',
        expires_at: Math.floor(Date.now() / 1000) + 3600,
      })
      .catch((e: unknown) => e);
    expect(refused).not.toBeInstanceOf(Error);
    expect(refused).toMatchObject({
      api_error_code: 'api_request_limit_exceeded',
      http_status_code: 429,
      message: expect.any(String),
    });
    const retryAfter = Number(
      (refused as { headers: Record<string, string> }).headers['retry-after'],
    );
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(sim.inspect.grants()).toHaveLength(0);
  });

  it('surfaces a malformed body as a ChargebeeError and a dropped connection as a fetch TypeError', async () => {
    const cb = sdk();
    sim.faults.set('personalized_offers', { malformedBody: true, times: 1 });
    const malformed = await cb.personalizedOffer
      .personalizedOffers({ customer_id: 'c' })
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(Error);
    expect(malformed).toMatchObject({ api_error_code: 'internal_error' });
    sim.faults.set('personalized_offers', { dropConnection: true, times: 1 });
    const dropped = await cb.personalizedOffer
      .personalizedOffers({ customer_id: 'c' })
      .catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(TypeError);
  });
});
