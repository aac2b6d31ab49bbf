// esbuild for the checking scripts. Prefer a root devDependency if there is one; otherwise use the
// esbuild that size-limit itself measures with (preset-small-lib → @size-limit/esbuild → esbuild),
// so that the figures of `pnpm size` and `pnpm check:bundles` come from the same bundler.
import { createRequire } from 'node:module';

async function load() {
  try {
    return await import('esbuild');
  } catch {
    const fromRoot = createRequire(new URL('../../package.json', import.meta.url));
    const preset = createRequire(fromRoot.resolve('@size-limit/preset-small-lib/package.json'));
    const plugin = createRequire(preset.resolve('@size-limit/esbuild/package.json'));
    return plugin('esbuild');
  }
}

/** The esbuild module (`build`, `version`, …). */
export const esbuild = await load();
