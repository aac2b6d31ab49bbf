import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { simulatorEnv } from '../e2e/servers';

const serverScript = fileURLToPath(new URL('../dist/server/server.js', import.meta.url));

/**
 * Vitest global setup of each engine's project: starts the BUILT demo server (with its embedded
 * simulator) on that engine's ports, as the Playwright config's `webServer` does, and stops it
 * after the run.
 */
export default async function startDemoServer(project: TestProject) {
  const demo = project.config.provide?.demo;
  if (!demo) throw new Error('demo-server: the project provides no `demo` server');
  if (!existsSync(serverScript))
    throw new Error(
      `${serverScript} is missing: run pnpm --filter @upsell-kit/demo... build first`,
    );
  const server = spawn(process.execPath, [serverScript], {
    env: {
      ...process.env,
      ...simulatorEnv,
      PORT: String(demo.port),
      HOST: '127.0.0.1',
      SIMULATOR_PORT: String(demo.simulatorPort),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  };

  // Up once it answers its session route, like the Playwright config's `url` check.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`demo server exited (${server.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${demo.url}/demo/session`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`demo server on ${demo.url} did not answer within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return stop;
}
