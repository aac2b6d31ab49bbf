import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest makes one project per config file: Node/jsdom projects, browser-mode projects and
    // the Storybook story tests (Chromium, axe on every story).
    projects: [
      'packages/*/vitest.config.ts',
      'packages/*/vitest.browser.config.ts',
      'apps/demo/vitest.config.ts',
      'vitest.storybook.config.ts',
    ],
  },
});
