import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

// A real redis-server for fault tests: started on a free port, and stopped (SIGTERM), paused
// (SIGSTOP), resumed (SIGCONT) and restarted on the same port by the test itself.

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A redis-server child process under the test's control. */
export interface RedisProcess {
  readonly port: number;
  /** A client of this server; closed by {@link RedisProcess.close}. */
  client(options?: RedisOptions): Redis;
  /** Kills the server (SIGKILL: no goodbye to clients) and waits for it to exit. */
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
  /** Starts the server again on the same port (empty: no persistence) and waits until it answers. */
  start(): Promise<void>;
  /** Closes every client and stops the server; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a fresh redis-server on a free port and resolves once it answers `PING`; `args` are
 * added to its command line (e.g. cluster mode).
 */
export async function startRedis(options: { args?: string[] } = {}): Promise<RedisProcess> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `redis-server not found at ${REDIS_SERVER}: install it with \`apt-get install -y redis-server\` (or set REDIS_SERVER_PATH).`,
    );
  }
  const port = await freePort();
  const clients: Redis[] = [];
  let child: ChildProcess | undefined;
  let paused = false;

  const start = async () => {
    child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        ...(options.args ?? []).map((arg) => arg.replaceAll('{port}', String(port))),
      ],
      { stdio: 'ignore' },
    );
    paused = false;
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`redis-server did not start on port ${port}: ${String(error)}`);
        }
        probe.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    probe.disconnect();
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    paused = false;
  };

  await start();
  return {
    port,
    client(options = {}) {
      const redis = new Redis({ port, host: '127.0.0.1', ...options });
      // Connection errors are the point of these tests: the store reports them, not the emitter.
      redis.on('error', () => {});
      clients.push(redis);
      return redis;
    },
    stop,
    pause() {
      child?.kill('SIGSTOP');
      paused = true;
    },
    resume() {
      child?.kill('SIGCONT');
      paused = false;
    },
    start,
    async close() {
      if (paused) child?.kill('SIGCONT');
      for (const redis of clients.splice(0)) redis.disconnect();
      await stop();
    },
  };
}

/**
 * A redis-server for the calling test file: started before its first test, closed (with every
 * client) after its last; `args` as for {@link startRedis} (`{port}` stands for its port). `client()` connects at once and fails a command after one retry.
 *
 * @example const redis = redisForFile(); … createRedisStore(redis.client(), { prefix })
 */
export function redisForFile(options: { args?: string[] } = {}): { client(): Redis } {
  let server: RedisProcess | undefined;
  beforeAll(async () => {
    server = await startRedis(options);
  }, 20_000);
  afterAll(() => server?.close());
  return {
    client: () => {
      if (!server) throw new Error('redisForFile: the redis-server is not started yet.');
      return server.client({ lazyConnect: false, maxRetriesPerRequest: 1 });
    },
  };
}
