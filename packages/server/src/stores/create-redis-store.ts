import type { Redis, Cluster } from 'ioredis';
import { createRedisPrimitives } from './redis-primitives';
import type { UpsellStore } from './upsell-store';

/**
 * Options of {@link createRedisStore}.
 * @example createRedisStore(redis, { prefix: 'billing-app:upsell:' })
 */
export interface RedisStoreOptions {
  /**
   * Prepended to every key, so that several apps can share one Redis.
   * @default 'upsell:'
   */
  prefix?: string;
}

// INCR and the expiry of a fresh counter in one atomic step: a crash between them must not leave
// a counter that never expires.
const INCREMENT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/**
 * An {@link UpsellStore} on Redis (ioredis), for several instances of the handler: fulfillment
 * claims use `SET NX PX`, rate-limit counters `INCR` + `PEXPIRE` in one Lua script, sliding
 * windows (the Chargebee API budget, per-identity limits) a sorted set in one Lua script, and the
 * offer event queue a list (it survives a restart of every instance).
 *
 * @example
 * import Redis from 'ioredis';
 * import { createRedisStore } from '@upsell-kit/server/redis';
 * const store = createRedisStore(new Redis(process.env.REDIS_URL!), { prefix: 'upsell:' });
 */
export function createRedisStore(
  redis: Redis | Cluster,
  options: RedisStoreOptions = {},
): Required<UpsellStore> {
  const prefix = options.prefix ?? 'upsell:';
  const ttl = (ms: number) => Math.max(1, Math.ceil(ms));
  return {
    async get(key) {
      return redis.get(prefix + key);
    },
    async set(key, value, ttlMs) {
      await redis.set(prefix + key, value, 'PX', ttl(ttlMs));
    },
    async setIfAbsent(key, value, ttlMs) {
      const result = await redis.set(prefix + key, value, 'PX', ttl(ttlMs), 'NX');
      return result === 'OK';
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async increment(key, ttlMs) {
      const count = await redis.eval(INCREMENT, 1, prefix + key, String(ttl(ttlMs)));
      return Number(count);
    },
    // The fleet-wide budget, sliding per-identity limits and the durable event queue.
    ...createRedisPrimitives(redis, prefix),
    async clear() {
      // Every key under the prefix, on every primary of a cluster; SCAN, never KEYS, so that a
      // large Redis keeps serving meanwhile.
      const nodes = 'nodes' in redis ? redis.nodes('master') : [redis];
      const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
      for (const node of nodes) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 500);
          cursor = next;
          // One key per call: keys of one batch may live in different cluster slots.
          await Promise.all(keys.map((key) => node.unlink(key)));
        } while (cursor !== '0');
      }
    },
  };
}
