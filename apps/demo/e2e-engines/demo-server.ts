import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { simulatorEnv } from '../e2e/servers';
import { startUntilUp } from './start-until-up';

const serverScript = fileURLToPath(new URL('../dist/server/server.js', import.meta.url));

/**
 * Vitest global setup of each engine's project: starts the BUILT demo server (with its embedded
 * simulator) on that engine's ports, as the Playwright config's `webServer` does, and stops it
 * after the run. Up once it answers its session route, like the Playwright config's `url` check.
 */
export default async function startDemoServer(project: TestProject) {
  const demo = project.config.provide?.demo;
  if (!demo) throw new Error('demo-server: the project provides no `demo` server');
  if (!existsSync(serverScript))
    throw new Error(
      `${serverScript} is missing: run pnpm --filter @upsell-kit/demo... build first`,
    );
  const server = await startUntilUp(
    process.execPath,
    [serverScript],
    {
      ...simulatorEnv,
      PORT: String(demo.port),
      HOST: '127.0.0.1',
      SIMULATOR_PORT: String(demo.simulatorPort),
    },
    `${demo.url}/demo/session`,
    'demo server',
  );
  return server.stop;
}
