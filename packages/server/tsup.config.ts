import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      express: 'src/express.ts',
      node: 'src/node.ts',
      next: 'src/next.ts',
      redis: 'src/redis.ts',
    },
    // Frameworks are optional peers and node built-ins stay imports.
    { external: ['express', 'ioredis', 'next', 'chargebee', 'valibot', '@upsell-kit/core'] },
  ),
);
