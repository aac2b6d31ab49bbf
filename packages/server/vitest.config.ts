import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'server',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.browser.test.ts'],
    // The ioredis major this project runs (vitest.ioredis5.config.ts: the Redis store on 5).
    provide: { ioredisMajor: 6 },
  },
});
