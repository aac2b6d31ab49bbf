import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';
import { chargebeeInTheBrowser } from './src/vite';
import {
  engineInstance,
  engineProjectName,
  type Engine,
} from '../../scripts/engines/browser-engines';

/**
 * The `chargebee-simulator-browser` project (`-firefox`, `-webkit`): the main entry and
 * `sim.handlers` under MSW's `setupWorker` in a real engine, as Storybook uses them, and the test
 * backend (`/testing`) with the chargebee SDK in the page (`/vite`'s plugin). A second file
 * because Vitest turns one config file into exactly one project.
 */
export function simulatorBrowserProject(engine: Engine) {
  return defineProject({
    root: fileURLToPath(new URL('.', import.meta.url)),
    // The test backend's browser test runs the chargebee SDK in the page, as an app's would.
    plugins: [chargebeeInTheBrowser()],
    resolve: { alias: workspaceAliases },
    // Serves mockServiceWorker.js (copied from msw 3, `msw init test/public`).
    publicDir: fileURLToPath(new URL('./test/public', import.meta.url)),
    optimizeDeps: { include: ['msw', 'msw/browser'] },
    test: {
      name: engineProjectName('chargebee-simulator-browser', engine),
      include: ['src/**/*.browser.test.ts'],
      browser: {
        enabled: true,
        headless: true,
        instances: [engineInstance(engine)],
      },
    },
  });
}

export default simulatorBrowserProject('chromium');
