import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisForFile } from '../test-support/redis-process';
import { createRedisStore } from './create-redis-store';

// A redis-server in cluster mode owning every slot: it refuses a script whose keys are in
// different slots (CROSSSLOT), as a Redis Cluster does. Every multi-key script of the store
// must keep its keys in one slot.

const redisServer = redisForFile({
  args: [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    join(tmpdir(), `upsell-kit-nodes-{port}-${process.pid}.conf`),
  ],
});

async function clusterReady() {
  const redis = redisServer.client();
  await redis.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383').catch(() => undefined);
  for (let step = 0; step < 100; step++) {
    const info = String(await redis.call('CLUSTER', 'INFO'));
    if (info.includes('cluster_state:ok')) return redis;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the cluster did not become ready');
}

describe('createRedisStore on a Redis Cluster node', () => {
  it('refuses a script over keys in two slots (the check this file relies on)', async () => {
    const redis = await clusterReady();
    await expect(redis.eval('return 1', 2, 'upsell:a', 'upsell:b')).rejects.toThrow(/CROSSSLOT/);
  });

  it('admits budget calls (with an identity share) in one slot: no CROSSSLOT', async () => {
    const redis = await clusterReady();
    const store = createRedisStore(redis, { prefix: 'upsell:' });
    const request = {
      now: Date.now(),
      windowMs: 60_000,
      limit: 10,
      reserves: { critical: 1, status: 1, dismissed: 1, offers: 1 },
      demandWindowMs: 15_000,
      identity: 'h:0123abcd',
      identityLimit: 5,
    };
    for (const priority of ['critical', 'status', 'dismissed', 'offers', 'viewed', null] as const) {
      await expect(
        store.budgetAdmission('{budget}:upstream', { ...request, priority }),
      ).resolves.toHaveProperty('used');
    }
    await expect(store.listPush('queue', 'x', { maxLength: 5 })).resolves.toBe(true);
    await expect(
      store.listPush('{events}:queue', 'y', { maxLength: 5, group: 'h:0123abcd', groupLimit: 2 }),
    ).resolves.toBe(true);
    await expect(store.listPop('{events}:queue')).resolves.toBe('y');
    await expect(store.listPop('queue')).resolves.toBe('x');
    await expect(store.listLength('queue')).resolves.toBe(0);
    await expect(
      store.slidingWindow('rate', { limit: 2, windowMs: 1_000, now: Date.now() }),
    ).resolves.toHaveProperty('allowed', true);
  });
});
