import { defineConfig } from '@playwright/test';
import { DEMO_SERVERS, NEXT_SERVER, simulatorEnv } from './apps/demo/e2e/servers';
import { chromiumArgs, chromiumPath } from './vitest.shared';

/**
 * End-to-end tests in Debian Chromium against the BUILT apps (the test command builds first):
 * - project `demo`: apps/demo/e2e against `node apps/demo/dist/server/server.js`, one server per
 *   worker, each with its own embedded Chargebee simulator on a fixed loopback port;
 * - project `next`: apps/next-example/e2e against `next start`.
 */
const CI = Boolean(process.env.CI);

/** Fails with the fix when an app was not built, instead of a bare "Cannot find module". */
function built(file: string, build: string, command: string): string {
  return `node -e "require('fs').existsSync('${file}') || (console.error('${file} is missing: run ${build} first'), process.exit(1))" && ${command}`;
}

export default defineConfig({
  timeout: 30_000,
  expect: { timeout: 7_000 },
  // Tests of one file spread over the workers too: each worker owns a demo server + simulator.
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // One demo server (and simulator) per worker: tests of a worker reset their own simulator.
  workers: DEMO_SERVERS.length,
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 860 },
  },
  projects: [
    { name: 'demo', testDir: 'apps/demo/e2e' },
    { name: 'next', testDir: 'apps/next-example/e2e' },
  ],
  webServer: [
    ...DEMO_SERVERS.map((server) => ({
      name: `demo:${server.port}`,
      command: built(
        'apps/demo/dist/server/server.js',
        'pnpm --filter @upsell-kit/demo... build',
        'node apps/demo/dist/server/server.js',
      ),
      url: `${server.url}/demo/session`,
      env: {
        ...simulatorEnv,
        PORT: String(server.port),
        HOST: '127.0.0.1',
        SIMULATOR_PORT: String(server.simulatorPort),
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    })),
    {
      name: 'next-example',
      command: built(
        'apps/next-example/.next/BUILD_ID',
        'pnpm --filter @upsell-kit/next-example... build',
        `pnpm --filter @upsell-kit/next-example start`,
      ),
      url: `${NEXT_SERVER.url}/`,
      env: {
        ...simulatorEnv,
        PORT: String(NEXT_SERVER.port),
        HOSTNAME: '127.0.0.1',
        SIMULATOR_PORT: String(NEXT_SERVER.simulatorPort),
      },
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    },
  ],
});
