import { spawn } from 'node:child_process';

/** A process the e2e started, answering on its URL. */
export interface RunningProcess {
  /** Stops it (and, for `pnpm`, the scripts it runs). */
  stop(): void;
}

/**
 * Starts `command` and resolves once `url` answers 2xx (a server is up when it serves, not when
 * it was spawned); rejects with its stderr when it exits first or does not answer in 60 s.
 */
export async function startUntilUp(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  url: string,
  name = command,
): Promise<RunningProcess> {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // pnpm stops the scripts it runs (their process groups) when it is stopped.
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(url)).ok) return { stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`${name} did not answer ${url} within 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
