export { createRedisStore } from './stores/create-redis-store';
export type { RedisStoreOptions } from './stores/create-redis-store';
