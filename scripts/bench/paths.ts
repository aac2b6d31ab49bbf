// Where the benchmark finds the BUILT packages (it measures what users install: `pnpm build`
// first) and the frameworks installed for the server package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type Chargebee from 'chargebee';

/** The repository root. BENCH_ROOT when this file runs bundled elsewhere (the target process). */
export const root = process.env.BENCH_ROOT ?? fileURLToPath(new URL('../../', import.meta.url));

export const dist = {
  simulator: `${root}packages/chargebee-simulator/dist/index.js`,
  server: `${root}packages/server/dist/index.js`,
  serverNode: `${root}packages/server/dist/node.js`,
  serverExpress: `${root}packages/server/dist/express.js`,
  serverRedis: `${root}packages/server/dist/redis.js`,
} as const;

/** Throws a message naming the fix when a package is not built. */
export function assertBuilt(files: readonly string[]): void {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `bench: not built: ${missing.map((f) => f.slice(root.length)).join(', ')}. Run \`pnpm build\` first.`,
    );
  }
}

/** Imports a built file by absolute path. */
export function importFile<T>(file: string): Promise<T> {
  return import(pathToFileURL(file).href) as Promise<T>;
}

/** The little of Express the bench uses. */
export interface ExpressLike {
  (): { use(path: string, handler: unknown): void } & ((req: unknown, res: unknown) => void);
}

/** The official SDK, as installed at the root (the hand-written route uses it directly). */
export function requireChargebee(): typeof Chargebee {
  const require = createRequire(`${root}package.json`);
  return (require('chargebee') as { default: typeof Chargebee }).default;
}

/** ioredis as installed for @upsell-kit/server (a dev dependency there, a peer for users). */
export function requireRedis(): new (url: string, options?: Record<string, unknown>) => RedisLike {
  const require = createRequire(`${root}packages/server/package.json`);
  return (require('ioredis') as { Redis: new (url: string) => RedisLike }).Redis;
}

/** The little of an ioredis client the bench uses. */
export interface RedisLike {
  flushall(): Promise<unknown>;
  ping(): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Express as installed for @upsell-kit/server (a dev dependency there, a peer for users). */
export function requireExpress(): ExpressLike {
  const require = createRequire(`${root}packages/server/package.json`);
  return require('express') as ExpressLike;
}
