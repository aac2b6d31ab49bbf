import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './vitest.shared';

/** A free loopback port, picked once: the workers inherit it through the environment. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

process.env.UPSELL_VISUAL_PORT ??= String(await freePort());
const port = Number(process.env.UPSELL_VISUAL_PORT);

/**
 * Visual regression of the prompt stories against the BUILT Storybook (`pnpm storybook:build`
 * first), served on a free port, in Debian Chromium. No fixed port: no lock needed.
 */
export default defineConfig({
  testDir: '.storybook/visual',
  testMatch: '*.visual.ts',
  timeout: 60_000,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results/visual',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    baseURL: `http://127.0.0.1:${port}`,
    deviceScaleFactor: 1,
  },
  webServer: {
    command: `node -e "require('fs').existsSync('storybook-static/iframe.html') || (console.error('storybook-static is missing: run pnpm storybook:build first'), process.exit(1))" && node .storybook/visual/serve.mjs storybook-static`,
    url: `http://127.0.0.1:${port}/iframe.html`,
    env: { PORT: String(port) },
    reuseExistingServer: false,
  },
});
