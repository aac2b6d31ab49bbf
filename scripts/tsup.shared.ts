import type { Options } from 'tsup';

/** The one build config every package shares: ESM + CJS + .d.ts, no minification (consumers minify). */
export function packageBuild(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    splitting: true,
    ...overrides,
  };
}
