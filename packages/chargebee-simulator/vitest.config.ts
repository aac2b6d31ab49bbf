import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'chargebee-simulator',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.browser.test.ts'],
    // The msw major this project runs (vitest.msw2.config.ts runs the handlers against msw 2).
    provide: { mswMajor: 3 },
  },
});
