// Where the benchmark finds the BUILT packages (it measures what users install: `pnpm build`
// first) and the frameworks installed for the server package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. BENCH_ROOT when this file runs bundled elsewhere (the target process). */
export const root = process.env.BENCH_ROOT ?? fileURLToPath(new URL('../../', import.meta.url));

export const dist = {
  simulator: `${root}packages/chargebee-simulator/dist/index.js`,
  server: `${root}packages/server/dist/index.js`,
  serverNode: `${root}packages/server/dist/node.js`,
  serverExpress: `${root}packages/server/dist/express.js`,
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

/** Express as installed for @upsell-kit/server (a dev dependency there, a peer for users). */
export function requireExpress(): ExpressLike {
  const require = createRequire(`${root}packages/server/package.json`);
  return require('express') as ExpressLike;
}
