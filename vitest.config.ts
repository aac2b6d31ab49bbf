import { defineConfig } from 'vitest/config';
import { demoBrowserProject } from './apps/demo/vitest.browser.config';
import { simulatorBrowserProject } from './packages/chargebee-simulator/vitest.browser.config';
import { coreBrowserProject } from './packages/core/vitest.browser.config';
import { reactBrowserProject } from './packages/react/vitest.browser.config';
import { selectedEngines } from './scripts/engines/browser-engines';

export default defineConfig({
  test: {
    // Vitest makes one project per config file: Node/jsdom projects, the Storybook story tests
    // (Chromium, axe on every story), and the browser-mode projects once per engine (Chromium,
    // Firefox, WebKit; `ENGINES=firefox` keeps one), since each engine needs its own provider.
    projects: [
      'packages/*/vitest.config.ts',
      // The other major of a peer range: msw 2 for the simulator, ioredis 5 for the Redis store.
      'packages/chargebee-simulator/vitest.msw2.config.ts',
      'packages/server/vitest.ioredis5.config.ts',
      'apps/demo/vitest.config.ts',
      'apps/demo/vitest.components.config.ts',
      'vitest.storybook.config.ts',
      ...selectedEngines().flatMap((engine) => [
        coreBrowserProject(engine),
        reactBrowserProject(engine),
        simulatorBrowserProject(engine),
        demoBrowserProject(engine),
      ]),
    ],
  },
});
