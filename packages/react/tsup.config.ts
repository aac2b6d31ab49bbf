import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts' },
    {
      external: ['react', 'react-dom', '@tanstack/react-query', 'dompurify', '@upsell-kit/core'],
      // esbuild drops module-level directives when it bundles; every chunk of this package is
      // client code (hooks, context, components), so the banner puts 'use client' back on each.
      banner: { js: "'use client';" },
      // tsup's Rollup tree-shaking pass strips that banner again ("Module level directives cause
      // errors when bundled"); esbuild's own tree shaking (always on when bundling) is enough.
      treeshake: false,
      // Silence esbuild's "'use client' was ignored" notes: the banner above is the real one.
      esbuildOptions(options) {
        options.logOverride = { ...options.logOverride, 'module-level-directive': 'silent' };
      },
      async onSuccess() {
        await copyFile('src/styles.css', 'dist/styles.css');
        // The CJS output gets helpers and "use strict" put in front of the banner: put the
        // directive back at the very top (same line, so the source maps stay aligned).
        for (const file of await readdir('dist')) {
          if (!/\.c?js$/.test(file)) continue;
          const code = await readFile(`dist/${file}`, 'utf8');
          if (!/^['"]use client['"]/.test(code))
            await writeFile(`dist/${file}`, `'use client';${code}`);
        }
      },
    },
  ),
);
