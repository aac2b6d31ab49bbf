import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest makes one project per config file: Node/jsdom projects, browser-mode projects and
    // the Storybook story tests (Chromium, axe on every story).
    projects: [
      'packages/*/vitest.config.ts',
      'packages/*/vitest.browser.config.ts',
      // The other major of a peer range: msw 2 for the simulator, ioredis 5 for the Redis store.
      'packages/chargebee-simulator/vitest.msw2.config.ts',
      'packages/server/vitest.ioredis5.config.ts',
      'apps/demo/vitest.config.ts',
      'vitest.storybook.config.ts',
    ],
  },
});
