import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

/**
 * The `server-ioredis5` project: the Redis store's tests (a real redis-server, two handler
 * instances sharing it) against ioredis 5, the other major of the `ioredis` peer range
 * (`^5 || ^6`). The devDependency `ioredis5` is `npm:ioredis@^5`; the alias makes the store's and
 * the test's `ioredis` imports load it.
 */
export default defineProject({
  resolve: {
    alias: [...workspaceAliases, { find: /^ioredis(\/.*)?$/, replacement: 'ioredis5$1' }],
  },
  test: {
    name: 'server-ioredis5',
    environment: 'node',
    include: [
      'src/ioredis-major.test.ts',
      'src/stores/create-redis-store.test.ts',
      'src/stores/with-store-deadline.test.ts',
      'src/store-restart.test.ts',
      'src/store-deadline-once.test.ts',
    ],
    provide: { ioredisMajor: 5 },
  },
});
