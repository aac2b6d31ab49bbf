import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { simulatorEnv } from '../e2e/servers';
import { startUntilUp } from './start-until-up';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
const builtReact = fileURLToPath(new URL('../../../packages/react/dist/index.js', import.meta.url));

/**
 * Vitest global setup of the hot-reload projects (`E2E_DEMO=dev`): the demo as its README's
 * "Development with hot reload" runs it, through the very scripts, `pnpm dev:server` (tsx watch,
 * its `dev.env`) and `pnpm dev` (Vite, whose proxy forwards /api, /demo and /hosted_pages), so a
 * proxy that breaks the kit's same-origin check fails the main paths. The page is Vite's.
 */
export default async function startDemoDevServers(project: TestProject) {
  const demo = project.config.provide?.demo;
  const serverPort = project.config.provide?.demoServerPort;
  if (!demo || !serverPort) throw new Error('demo-dev-servers: the project provides no servers');
  // Both use the packages' built dist, as the README says.
  if (!existsSync(builtReact))
    throw new Error(`${builtReact} is missing: run pnpm --filter @upsell-kit/demo... build first`);
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const server = await startUntilUp(
    'pnpm',
    ['--dir', demoDir, 'run', 'dev:server'],
    {
      ...simulatorEnv,
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      SIMULATOR_PORT: String(demo.simulatorPort),
      // dev.env says http://localhost:5173; the test's Vite is elsewhere.
      PUBLIC_URL: demo.url,
    },
    `${serverUrl}/demo/session`,
    'pnpm dev:server',
  );
  try {
    const vite = await startUntilUp(
      'pnpm',
      ['--dir', demoDir, 'run', 'dev', '--host', '127.0.0.1', '--port', String(demo.port)],
      { DEMO_SERVER_URL: serverUrl },
      // Through the proxy: up once Vite serves and forwards.
      `${demo.url}/demo/session`,
      'pnpm dev',
    );
    // Vite transforms on request: ask for the page's entry once, so the first test does not pay
    // for the dependency optimizer (and its page reload) on its own clock.
    await fetch(`${demo.url}/`);
    await fetch(`${demo.url}/src/client/main.tsx`);
    return () => {
      vite.stop();
      server.stop();
    };
  } catch (error) {
    server.stop();
    throw error;
  }
}
