import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest makes one project per config file: Node/jsdom projects and browser-mode projects.
    projects: [
      'packages/*/vitest.config.ts',
      'packages/*/vitest.browser.config.ts',
      'apps/demo/vitest.config.ts',
    ],
  },
});
