import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../test-support/redis-process';
import { createMemoryStore } from '../stores/create-memory-store';
import { createRedisStore } from '../stores/create-redis-store';
import type { UpsellStore } from '../stores/upsell-store';
import { createUnknownOutcomeLedger } from './create-unknown-outcome-ledger';
import type { UnknownOutcome } from './unknown-outcome';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(() => redis.close());

const DAY = 86_400_000;
const outcome = (id: string, at: number): UnknownOutcome => ({
  personalizedOfferId: id,
  offerId: 'offer_1',
  optionId: 'opt_1',
  processingType: 'webhook',
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  reason: 'timeout',
  at,
});

const stores: [string, () => UpsellStore][] = [
  ['memory', () => createMemoryStore()],
  ['redis', () => createRedisStore(redis.client(), { prefix: `l${Math.random()}:` })],
];

describe.each(stores)('createUnknownOutcomeLedger (%s)', (_name, make) => {
  it('lists what two instances recorded across days, oldest first, until resolved or expired', async () => {
    const store = make();
    let time = 100 * DAY + 5_000;
    const a = createUnknownOutcomeLedger(store, { ttlMs: 8 * DAY, now: () => time });
    const b = createUnknownOutcomeLedger(store, { ttlMs: 8 * DAY, now: () => time });
    await a.record(outcome('po_1', 1));
    await b.record(outcome('po_2', 2));
    time += 3 * DAY;
    await b.record(outcome('po_3', 3));
    expect((await a.list()).map((o) => o.personalizedOfferId)).toEqual(['po_1', 'po_2', 'po_3']);
    expect(await b.get('po_2')).toMatchObject({ customerId: 'cus_acme', optionId: 'opt_1' });
    await b.remove('po_2');
    expect((await a.list()).map((o) => o.personalizedOfferId)).toEqual(['po_1', 'po_3']);
    expect(await a.get('po_2')).toBeNull();
  });
});
