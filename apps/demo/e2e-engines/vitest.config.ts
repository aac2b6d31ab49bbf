import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Engine } from '../../../scripts/engines/browser-engines';
import { selectedEngines } from '../../../scripts/engines/browser-engines';
import { engineServer } from '../e2e/servers';
import type { E2EServer } from '../e2e/servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine this project's specs drive. */
    engine: Engine;
    /** The built demo server (and its simulator) this project's global setup started. */
    demo: E2EServer;
  }
}

const root = fileURLToPath(new URL('.', import.meta.url));
// Fixed per engine, so the ports do not depend on which engines run.
const portIndex: Record<Engine, number> = { chromium: 0, firefox: 1, webkit: 2 };

/**
 * The demo's main paths, one spec source, in each engine (`ENGINES=webkit` keeps one): a Node
 * project per engine, each with its own demo server and its engine's driver (Playwright,
 * puppeteer-core over WebDriver BiDi, webdriverio + WebKitWebDriver). Needs the built demo.
 */
export default defineConfig({
  test: {
    projects: selectedEngines().map((engine) => ({
      test: {
        name: `demo-e2e-${engine}`,
        root,
        include: ['*.test.ts'],
        environment: 'node',
        globalSetup: ['./demo-server.ts'],
        provide: { engine, demo: engineServer(portIndex[engine]) },
        // One browser per project; a slow machine is no failure (the waits are on state).
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
