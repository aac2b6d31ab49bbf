import Chargebee from 'chargebee';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChargebeeClient } from '../upstream/chargebee-client';
import { checkPromotionalGrant, grantPromotionalCredits } from './grant-promotional-credits';
import { promotionalCredits } from './promotional-credits';

// Promotional grants: every field validated against Chargebee's limits before any call.

const calls: { body: unknown; headers: Headers }[] = [];
const server = setupServer(
  http.post('https://acme-test.chargebee.com/api/v2/promotional_grants', async ({ request }) => {
    calls.push({ body: await request.json(), headers: request.headers });
    return HttpResponse.json({
      ledger_operations: [{ id: 'lo_1' }],
      grant_blocks: [
        { id: 'gb_1', granted_amount: '50', balance: '50', grant_source: 'promotional_grants' },
      ],
    });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  calls.length = 0;
});
afterAll(() => server.close());

const chargebee = createChargebeeClient({ site: 'acme-test', apiKey: 'grant_key_0123456789' });
const future = () => Math.floor(Date.now() / 1000) + 3600;
const valid = () => ({
  subscriptionId: 'sub_acme',
  unitId: 'ai_credits',
  amount: '50',
  expiresAt: future(),
});

describe('grantPromotionalCredits', () => {
  it('sends the grant to Chargebee Billing with an idempotency key and returns the grant blocks', async () => {
    const blocks = await grantPromotionalCredits(chargebee, {
      ...valid(),
      amount: '9999999999999999999999999.9999999999',
      metadata: { campaign: 'spring', nested: { list: [1, 'two'] } },
      idempotencyKey: 'grant-1',
    });
    expect(blocks).toEqual([
      expect.objectContaining({ id: 'gb_1', grant_source: 'promotional_grants' }),
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toEqual({
      subscription_id: 'sub_acme',
      unit_id: 'ai_credits',
      amount: '9999999999999999999999999.9999999999',
      expires_at: expect.any(Number),
      metadata: { campaign: 'spring', nested: { list: [1, 'two'] } },
    });
    expect(calls[0]!.headers.get('chargebee-idempotency-key')).toBe('grant-1');
  });

  it('generates an idempotency key when none is given', async () => {
    await grantPromotionalCredits(chargebee, valid());
    expect(calls[0]!.headers.get('chargebee-idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a Date for expiresAt', async () => {
    await grantPromotionalCredits(chargebee, {
      ...valid(),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    expect((calls[0]!.body as { expires_at: number }).expires_at).toBeGreaterThan(
      Date.now() / 1000,
    );
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['a number amount', { amount: 50 }],
    ['a zero amount', { amount: '0' }],
    ['a zero decimal amount', { amount: '0.000' }],
    ['a negative amount', { amount: '-5' }],
    ['26 integer digits', { amount: '1'.repeat(26) }],
    ['11 fraction digits', { amount: '1.' + '1'.repeat(11) }],
    ['an exponent', { amount: '1e5' }],
    ['a trailing dot', { amount: '5.' }],
    ['a leading dot', { amount: '.5' }],
    ['spaces', { amount: ' 5' }],
    ['an amount over 36 characters', { amount: '1'.repeat(25) + '.' + '1'.repeat(11) }],
    ['a past expiresAt', { expiresAt: Math.floor(Date.now() / 1000) - 1 }],
    ['milliseconds as expiresAt', { expiresAt: 1.5 }],
    ['a string expiresAt', { expiresAt: '1735000000' }],
    ['an invalid Date', { expiresAt: new Date('nope') }],
    ['an empty subscriptionId', { subscriptionId: '' }],
    ['a 51-character subscriptionId', { subscriptionId: 's'.repeat(51) }],
    ['a 51-character unitId', { unitId: 'u'.repeat(51) }],
    ['a missing unitId', { unitId: undefined }],
    ['array metadata', { metadata: [1, 2] }],
    ['string metadata', { metadata: 'hello' }],
    ['null metadata', { metadata: null }],
    ['class-instance metadata', { metadata: new Date() }],
    ['metadata over 65,000 characters', { metadata: { blob: 'x'.repeat(65_000) } }],
    [
      'cyclic metadata',
      {
        metadata: (() => {
          const o: Record<string, unknown> = {};
          o.self = o;
          return o;
        })(),
      },
    ],
    ['BigInt metadata', { metadata: { n: BigInt(1) } }],
    ['an empty idempotency key', { idempotencyKey: '' }],
  ];
  it.each(invalid)('rejects %s before any call', async (_name, change) => {
    await expect(
      grantPromotionalCredits(chargebee, { ...valid(), ...change } as never),
    ).rejects.toMatchObject({ name: 'UpsellError', code: 'invalid_request' });
    expect(calls).toHaveLength(0);
  });

  it('accepts the limits exactly', () => {
    expect(() => checkPromotionalGrant({ ...valid(), amount: '0.0000000001' })).not.toThrow();
    expect(() =>
      checkPromotionalGrant({ ...valid(), subscriptionId: 's'.repeat(50) }),
    ).not.toThrow();
    expect(() =>
      checkPromotionalGrant({ ...valid(), metadata: { blob: 'x'.repeat(64_980) } }),
    ).not.toThrow();
  });

  it('maps upstream failures to the contract', async () => {
    server.use(
      http.post('https://acme-test.chargebee.com/api/v2/promotional_grants', () =>
        HttpResponse.json(
          {
            message: 'unit not found',
            api_error_code: 'resource_not_found',
            http_status_code: 404,
          },
          { status: 404 },
        ),
      ),
    );
    await expect(grantPromotionalCredits(chargebee, valid())).rejects.toMatchObject({
      code: 'upstream_error',
      status: 502,
    });
  });

  it('works with a ready Chargebee instance', async () => {
    const ready = new Chargebee({ site: 'acme-test', apiKey: 'ready_key_0123456789' });
    await grantPromotionalCredits(ready, valid());
    expect(calls).toHaveLength(1);
  });
});

describe('promotionalCredits', () => {
  it('checks its options when it is created', () => {
    expect(() => promotionalCredits({ unitId: '', amount: '5', expiresIn: 60 })).toThrow(/unitId/);
    expect(() => promotionalCredits({ unitId: 'ai', amount: '5.5.5', expiresIn: 60 })).toThrow(
      /amount/,
    );
    expect(() => promotionalCredits({ unitId: 'ai', amount: '5', expiresIn: 0 })).toThrow(
      /expiresIn/,
    );
    expect(() => promotionalCredits({ unitId: 'ai', amount: '5', expiresIn: 1.5 })).toThrow(
      /expiresIn/,
    );
  });
});
