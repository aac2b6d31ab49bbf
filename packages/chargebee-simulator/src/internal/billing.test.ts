import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator } from '../create-simulator';
import type { Simulator } from '../simulator';

const AUTH = `Basic ${btoa('test_simulator_key:')}`;
const BILLING = 'https://upsell-kit-test.chargebee.com/api/v2';
const NOW_S = Date.UTC(2026, 10, 21, 9, 0, 0) / 1000;
const DAY = 24 * 3600;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW_S * 1000);
});
afterEach(() => {
  vi.useRealTimers();
});

async function grant(
  sim: Simulator,
  params: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await sim.handle(
    new Request(`${BILLING}/promotional_grants`, {
      method: 'POST',
      headers: {
        Authorization: AUTH,
        'Content-Type': 'application/json;charset=UTF-8',
        ...headers,
      },
      body: JSON.stringify(params),
    }),
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function listBlocks(sim: Simulator, query: string) {
  const response = await sim.handle(
    new Request(`${BILLING}/grant_blocks?${query}`, { headers: { Authorization: AUTH } }),
  );
  return { status: response.status, body: await response.json() };
}

const valid = {
  subscription_id: 'sub_1',
  unit_id: 'ai_credits',
  amount: '50',
  expires_at: NOW_S + 30 * DAY,
};

describe('POST /promotional_grants', () => {
  it('creates a grant block and an allocation ledger operation', async () => {
    const sim = createSimulator();
    const { status, body } = await grant(sim, {
      ...valid,
      metadata: { reason: 'offer', fulfillment_id: 'abc' },
    });
    expect(status).toBe(200);
    expect(body.grant_blocks).toHaveLength(1);
    expect(body.grant_blocks[0]).toMatchObject({
      id: expect.stringMatching(/^gb_/),
      subscription_id: 'sub_1',
      unit_id: 'ai_credits',
      unit_type: 'credit_unit',
      account_type: 'provisioned',
      granted_amount: '50',
      balance: '50',
      used_amount: '0',
      expired_amount: '0',
      effective_from: NOW_S,
      expires_at: NOW_S + 30 * DAY,
      status: 'active',
      grant_source: 'promotional_grants',
      metadata: { reason: 'offer', fulfillment_id: 'abc' },
    });
    expect(body.ledger_operations).toEqual([
      expect.objectContaining({
        type: 'allocation',
        amount: '50',
        provisioned_start_balance: '0',
        provisioned_end_balance: '50',
        subscription_id: 'sub_1',
        unit_id: 'ai_credits',
      }),
    ]);
  });

  it('keeps balances per subscription and unit', async () => {
    const sim = createSimulator();
    await grant(sim, valid);
    const second = await grant(sim, { ...valid, amount: '12.5' });
    expect(second.body.ledger_operations[0]).toMatchObject({
      provisioned_start_balance: '50',
      provisioned_end_balance: '62.5',
    });
    await grant(sim, { ...valid, unit_id: 'exports', amount: '3' });
    await grant(sim, { ...valid, subscription_id: 'sub_2', amount: '7' });
    expect(sim.balances('sub_1', 'ai_credits')).toBe('62.5');
    expect(sim.balances('sub_1')).toEqual({ ai_credits: '62.5', exports: '3' });
    expect(sim.balances('sub_2')).toEqual({ ai_credits: '7' });
    expect(sim.balances('sub_3', 'ai_credits')).toBe('0');
  });

  it('moves the balance to expired_amount at expires_at (on the clock)', async () => {
    const sim = createSimulator();
    await grant(sim, { ...valid, expires_at: NOW_S + DAY });
    await grant(sim, { ...valid, amount: '5', expires_at: NOW_S + 2 * DAY });
    sim.clock.advance(DAY * 1000);
    expect(sim.balances('sub_1', 'ai_credits')).toBe('5');
    const [record] = sim.inspect.grants();
    expect(record?.grant_blocks[0]).toMatchObject({
      balance: '0',
      expired_amount: '50',
      status: 'archived',
    });
    const { body } = await listBlocks(sim, 'subscription_id[is]=sub_1');
    expect(
      body.list.map((e: { grant_block: { status: string } }) => e.grant_block.status).sort(),
    ).toEqual(['active', 'archived']);
  });

  it('is idempotent per chargebee-idempotency-key: same response, no second grant', async () => {
    const sim = createSimulator();
    const first = await grant(sim, valid, { 'chargebee-idempotency-key': 'key-1' });
    const again = await grant(sim, valid, { 'chargebee-idempotency-key': 'key-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('chargebee-idempotency-replayed')).toBe('true');
    expect(first.headers.get('chargebee-idempotency-replayed')).toBeNull();
    expect(sim.inspect.grants()).toHaveLength(1);
    expect(sim.inspect.grants()[0]?.idempotency_key).toBe('key-1');
    expect(sim.balances('sub_1', 'ai_credits')).toBe('50');
    await grant(sim, valid, { 'chargebee-idempotency-key': 'key-2' });
    expect(sim.balances('sub_1', 'ai_credits')).toBe('100');
  });

  it('replays a key only for the same parameters (in any order): another body is refused', async () => {
    const sim = createSimulator();
    const key = { 'chargebee-idempotency-key': 'key-1' };
    await grant(sim, valid, key);
    const reordered = Object.fromEntries(Object.entries(valid).reverse());
    expect((await grant(sim, reordered, key)).headers.get('chargebee-idempotency-replayed')).toBe(
      'true',
    );
    const other = await grant(sim, { ...valid, amount: '60' }, key);
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({
      api_error_code: 'invalid_request',
      type: 'invalid_request',
    });
    expect(other.body.message).toContain('different request parameters');
    expect(sim.balances('sub_1', 'ai_credits')).toBe('50');
  });

  it('replays a key for 30 minutes only; then the same key grants again', async () => {
    const sim = createSimulator();
    const key = { 'chargebee-idempotency-key': 'key-1' };
    await grant(sim, valid, key);
    sim.clock.advance(30 * 60 * 1000 - 1000);
    expect((await grant(sim, valid, key)).headers.get('chargebee-idempotency-replayed')).toBe(
      'true',
    );
    sim.clock.advance(1000);
    const later = await grant(sim, valid, key);
    expect(later.status).toBe(200);
    expect(later.headers.get('chargebee-idempotency-replayed')).toBeNull();
    expect(sim.balances('sub_1', 'ai_credits')).toBe('100');
    // The new answer starts a new window, for any body.
    expect((await grant(sim, { ...valid, amount: '1' }, key)).status).toBe(400);
  });

  it('refuses an idempotency key over 100 characters', async () => {
    const sim = createSimulator();
    const { status, body } = await grant(sim, valid, {
      'chargebee-idempotency-key': 'k'.repeat(101),
    });
    expect(status).toBe(400);
    expect(body.api_error_code).toBe('invalid_request');
    expect(sim.inspect.grants()).toHaveLength(0);
    expect((await grant(sim, valid, { 'chargebee-idempotency-key': 'k'.repeat(100) })).status).toBe(
      200,
    );
  });

  it('accepts a form-encoded body (metadata as a JSON string, as the SDK encodes JSON keys)', async () => {
    const sim = createSimulator();
    const response = await sim.handle(
      new Request(`${BILLING}/promotional_grants`, {
        method: 'POST',
        headers: {
          Authorization: AUTH,
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        },
        body: new URLSearchParams({
          subscription_id: 'sub_1',
          unit_id: 'ai_credits',
          amount: '7.25',
          expires_at: String(NOW_S + DAY),
          metadata: JSON.stringify({ source: 'form' }),
        }),
      }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).grant_blocks[0]).toMatchObject({
      granted_amount: '7.25',
      expires_at: NOW_S + DAY,
      metadata: { source: 'form' },
    });
  });

  it('grants twice without an idempotency key', async () => {
    const sim = createSimulator();
    await grant(sim, valid);
    await grant(sim, valid);
    expect(sim.balances('sub_1', 'ai_credits')).toBe('100');
  });

  const x = (n: number) => 'x'.repeat(n);
  it.each([
    ['subscription_id', { subscription_id: undefined }],
    ['subscription_id', { subscription_id: x(51) }],
    ['unit_id', { unit_id: '' }],
    ['unit_id', { unit_id: x(51) }],
    ['amount', { amount: undefined }],
    ['amount', { amount: 50 }],
    ['amount', { amount: '0' }],
    ['amount', { amount: '0.0000000000' }],
    ['amount', { amount: '-5' }],
    ['amount', { amount: '1e3' }],
    ['amount', { amount: 'ten' }],
    ['amount', { amount: '1.12345678901' }],
    ['amount', { amount: '12345678901234567890123456' }],
    ['amount', { amount: `1.${'0'.repeat(35)}` }],
    ['expires_at', { expires_at: undefined }],
    ['expires_at', { expires_at: NOW_S }],
    ['expires_at', { expires_at: NOW_S - 10 }],
    ['expires_at', { expires_at: 'tomorrow' }],
    ['expires_at', { expires_at: 1.5 }],
    ['metadata', { metadata: [1, 2] }],
    ['metadata', { metadata: 'nope' }],
    ['metadata', { metadata: { big: x(65_000) } }],
  ])('rejects a bad %s with 400 param_wrong_value', async (param, over) => {
    const sim = createSimulator();
    const { status, body } = await grant(sim, { ...valid, ...over });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      api_error_code: 'param_wrong_value',
      type: 'invalid_request',
      param,
      http_status_code: 400,
    });
    expect(sim.inspect.grants()).toEqual([]);
  });

  it('accepts the limits exactly', async () => {
    const sim = createSimulator();
    const max = '9999999999999999999999999.9999999999';
    const { status, body } = await grant(sim, {
      subscription_id: x(50),
      unit_id: x(50),
      amount: max,
      expires_at: NOW_S + 1,
      metadata: { v: x(64_990) },
    });
    expect(status).toBe(200);
    expect(body.grant_blocks[0].granted_amount).toBe(max);
  });
});

describe('GET /grant_blocks', () => {
  it('lists blocks by subscription_id[is] in Chargebee list shape, newest first, paginated', async () => {
    const sim = createSimulator();
    for (const amount of ['1', '2', '3']) {
      await grant(sim, { ...valid, amount });
      sim.clock.advance(1000);
    }
    await grant(sim, { ...valid, subscription_id: 'sub_2' });
    const page1 = await listBlocks(sim, 'subscription_id%5Bis%5D=sub_1&limit=2');
    expect(page1.status).toBe(200);
    expect(
      page1.body.list.map(
        (e: { grant_block: { granted_amount: string } }) => e.grant_block.granted_amount,
      ),
    ).toEqual(['3', '2']);
    expect(page1.body.next_offset).toEqual(expect.any(String));
    const page2 = await listBlocks(
      sim,
      `subscription_id[is]=sub_1&limit=2&offset=${page1.body.next_offset}`,
    );
    expect(
      page2.body.list.map(
        (e: { grant_block: { granted_amount: string } }) => e.grant_block.granted_amount,
      ),
    ).toEqual(['1']);
    expect(page2.body.next_offset).toBeUndefined();
  });

  it('filters by unit_id[is] and unit_id[in]', async () => {
    const sim = createSimulator();
    await grant(sim, valid);
    await grant(sim, { ...valid, unit_id: 'exports' });
    await grant(sim, { ...valid, unit_id: 'seats' });
    const is = await listBlocks(sim, 'subscription_id[is]=sub_1&unit_id[is]=exports');
    expect(is.body.list).toHaveLength(1);
    const inList = await listBlocks(
      sim,
      `subscription_id[is]=sub_1&unit_id[in]=${encodeURIComponent('["exports","seats"]')}`,
    );
    expect(inList.body.list).toHaveLength(2);
  });

  it('requires subscription_id and a sane limit', async () => {
    const sim = createSimulator();
    expect((await listBlocks(sim, '')).body).toMatchObject({
      http_status_code: 400,
      param: 'subscription_id',
    });
    expect((await listBlocks(sim, 'subscription_id[is]=s&limit=101')).body).toMatchObject({
      http_status_code: 400,
      param: 'limit',
    });
    expect((await listBlocks(sim, 'subscription_id[is]=s')).body).toEqual({ list: [] });
  });
});
