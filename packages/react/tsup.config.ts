import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      // Opt-in entries: prompt arbitration and the development-only debug panel.
      arbitration: 'src/arbitration.ts',
      debug: 'src/debug.ts',
      // Opt-in message sets (`@upsell-kit/react/locales/de`, …): entries of their own, so an app
      // that imports none of them ships none of their bytes.
      'locales/de': 'src/locales/de.ts',
      'locales/es': 'src/locales/es.ts',
      'locales/fr': 'src/locales/fr.ts',
      'locales/ja': 'src/locales/ja.ts',
    },
    {
      external: ['react', 'react-dom', '@tanstack/react-query', 'dompurify', '@upsell-kit/core'],
      // esbuild and tsup's Rollup tree-shaking pass both drop module-level directives when they
      // bundle ("Module level directives cause errors when bundled"). Every chunk of this package
      // is client code (hooks, context, components), so onSuccess puts 'use client' back on top.
      esbuildOptions(options) {
        options.logOverride = { ...options.logOverride, 'module-level-directive': 'silent' };
      },
      async onSuccess() {
        await copyFile('src/styles.css', 'dist/styles.css');
        // Same line as the first statement, so the source maps stay aligned.
        for (const file of await readdir('dist', { recursive: true })) {
          if (!/\.c?js$/.test(file)) continue;
          const code = await readFile(`dist/${file}`, 'utf8');
          if (!/^['"]use client['"]/.test(code))
            await writeFile(`dist/${file}`, `'use client';${code}`);
        }
      },
    },
  ),
);
