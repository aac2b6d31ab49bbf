import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { chromiumArgs, chromiumPath, workspaceAliases } from '../../vitest.shared';

/**
 * The `chargebee-simulator-browser` project: the main entry and `sim.handlers` under MSW's
 * `setupWorker` in Debian Chromium, as Storybook uses them. A second file because Vitest turns one
 * config file into exactly one project.
 */
export default defineProject({
  resolve: { alias: workspaceAliases },
  // Serves mockServiceWorker.js (copied from msw 3, `msw init test/public`).
  publicDir: fileURLToPath(new URL('./test/public', import.meta.url)),
  optimizeDeps: { include: ['msw', 'msw/browser'] },
  test: {
    name: 'chargebee-simulator-browser',
    include: ['src/**/*.browser.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
