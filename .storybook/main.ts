import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import remarkGfm from 'remark-gfm';
import type { Plugin, UserConfig } from 'vite';
import { workspaceAliases } from '../vitest.shared.ts';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * The real server handler (and so the official chargebee SDK) runs in the preview. Two spots of
 * the SDK's browser build assume Node:
 * - it lazy-loads ~1 MB of Zod request schemas through a template `import()` when
 *   `enableValidation` is on; the server never turns it on, and bundling them would drag every
 *   schema and an unresolvable `zod` in, so the loader gets its "no schema" answer;
 * - `new Chargebee()` builds a default webhook handler that reads `process.env` for Basic-auth
 *   credentials; a browser has no `process`, and the kit never receives webhooks there.
 * Applied to the dev server, the static build and the dependency pre-bundler alike.
 */
const chargebeeForTheBrowser = {
  name: 'upsell-kit:chargebee-for-the-browser',
  transform(code: string, id: string) {
    if (/chargebee[\\/]esm[\\/]validationLoader\.js$/.test(id)) {
      return { code: 'export async function getSchema() { return null; }\n', map: null };
    }
    if (/chargebee[\\/]esm[\\/]resources[\\/]webhook[\\/]handler\.js$/.test(id)) {
      return {
        code: code.replace(/process\.env\.CHARGEBEE_WEBHOOK_(USERNAME|PASSWORD)/g, 'undefined'),
        map: null,
      };
    }
    return null;
  },
} satisfies Plugin;

const stylesCss = root('packages/react/src/styles.css');

const config: StorybookConfig = {
  stories: ['./docs/*.mdx', '../packages/react/src/**/*.stories.@(ts|tsx)'],
  addons: [
    {
      name: '@storybook/addon-docs',
      // GitHub-flavoured Markdown (tables) in the MDX docs pages.
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    '@storybook/addon-a11y',
    '@storybook/addon-vitest',
    'msw-storybook-addon',
  ],
  // StrictMode double-invokes effects: every story (and its "viewed exactly once" checks) runs
  // under it, as the kit must work in apps that use it.
  framework: { name: '@storybook/react-vite', options: { strictMode: true } },
  // mockServiceWorker.js lives here (`msw init .storybook/public --save`).
  staticDirs: ['./public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(viteConfig, {
      plugins: [{ ...chargebeeForTheBrowser, enforce: 'pre' }],
      build: {
        // The preview bundles the real server handler and the chargebee SDK: big on purpose.
        chunkSizeWarningLimit: 2500,
        rolldownOptions: {
          // `'use client'` directives (React Query, the kit) mean nothing in a client bundle, and
          // react-docgen reading every module is the expected cost of the props tables.
          onLog(level, log, handler) {
            if (log.code === 'MODULE_LEVEL_DIRECTIVE' || log.code === 'PLUGIN_TIMINGS') return;
            handler(level, log);
          },
        },
      },
      resolve: {
        alias: [
          // The real server handler runs in the preview. The chargebee SDK's browser build still
          // imports `node:buffer` (its Basic-auth header) and `node:events` (its webhook
          // handler, a base class evaluated at import time): both have npm ports.
          { find: /^node:buffer$/, replacement: 'buffer' },
          { find: /^node:events$/, replacement: 'events' },
          ...(existsSync(stylesCss)
            ? [{ find: /^@upsell-kit\/react\/styles\.css$/, replacement: stylesCss }]
            : []),
          ...workspaceAliases,
        ],
      },
      optimizeDeps: {
        rolldownOptions: { plugins: [chargebeeForTheBrowser] },
        include: [
          'react',
          'react-dom',
          'react-dom/client',
          'react/jsx-runtime',
          'react/jsx-dev-runtime',
          '@tanstack/react-query',
          'dompurify',
          'valibot',
          'chargebee',
          'buffer',
          'events',
          'msw',
          'msw/browser',
          'msw-storybook-addon',
          'msw-storybook-addon/csf3',
        ],
      },
    } satisfies UserConfig);
  },
};

export default config;
