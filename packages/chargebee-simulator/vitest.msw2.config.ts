import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

/**
 * The `chargebee-simulator-msw2` project: the simulator's MSW handlers (`sim.handlers` under
 * `setupServer`) against msw 2, the other major of the `msw` peer range (`^2.15 || ^3`). The
 * devDependency `msw2` is `npm:msw@~2.15`; the alias makes every `msw` import (the simulator's
 * and the test's) load it.
 */
export default defineProject({
  resolve: {
    alias: [...workspaceAliases, { find: /^msw(\/.*)?$/, replacement: 'msw2$1' }],
  },
  test: {
    name: 'chargebee-simulator-msw2',
    environment: 'node',
    // The MSW handlers: `sim.handlers`, and the test backend's (`/testing`).
    include: [
      'src/msw.test.ts',
      'src/msw-major.test.ts',
      'src/testing/create-upsell-test-backend.test.ts',
    ],
    provide: { mswMajor: 2 },
  },
});
