import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Engine } from '../../../scripts/engines/browser-engines';
import { selectedEngines } from '../../../scripts/engines/browser-engines';
import { DEV_SERVERS, engineServer } from '../e2e/servers';
import type { E2EServer } from '../e2e/servers';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The engine this project's specs drive. */
    engine: Engine;
    /** The demo this project's global setup started: the page's origin and its simulator. */
    demo: E2EServer;
    /** In the hot-reload mode: the port of `pnpm dev:server`, behind Vite's proxy. */
    demoServerPort?: number;
  }
}

const root = fileURLToPath(new URL('.', import.meta.url));
// Fixed per engine, so the ports do not depend on which engines run.
const portIndex: Record<Engine, number> = { chromium: 0, firefox: 1, webkit: 2 };
// `E2E_DEMO=dev`: the demo's hot-reload mode (`pnpm dev:server` + `pnpm dev`, Vite's proxy in
// front) instead of the built server; one set of servers, so one engine at a time.
const dev = process.env.E2E_DEMO === 'dev';
const engines = selectedEngines();
if (dev && engines.length !== 1)
  throw new Error('E2E_DEMO=dev runs one engine: set ENGINES, e.g. ENGINES=chromium');

/**
 * The demo's main paths, one spec source, in each engine (`ENGINES=webkit` keeps one): a Node
 * project per engine, each with its own demo server and its engine's driver (Playwright,
 * puppeteer-core over WebDriver BiDi, webdriverio + WebKitWebDriver). Needs the built demo (the
 * hot-reload mode: the built packages).
 */
export default defineConfig({
  test: {
    projects: engines.map((engine) => ({
      test: {
        name: dev ? `demo-e2e-dev-${engine}` : `demo-e2e-${engine}`,
        root,
        include: ['*.test.ts'],
        environment: 'node',
        globalSetup: [dev ? './demo-dev-servers.ts' : './demo-server.ts'],
        provide: dev
          ? { engine, demo: DEV_SERVERS.page, demoServerPort: DEV_SERVERS.serverPort }
          : { engine, demo: engineServer(portIndex[engine]) },
        // One browser per project; a slow machine is no failure (the waits are on state).
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
