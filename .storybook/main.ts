import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import remarkGfm from 'remark-gfm';
import type { UserConfig } from 'vite';
// The source, not the built entry: main.ts loads before any build.
import { chargebeeInTheBrowser } from '../packages/chargebee-simulator/src/testing/chargebee-in-the-browser.ts';
import { workspaceAliases } from '../vitest.shared.ts';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

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
      // The real server handler, and so the official chargebee SDK, runs in the preview: the
      // simulator's Vite plugin (the same an app's browser-mode tests use) makes the SDK load
      // in a page (`node:buffer` / `node:events` to their npm ports, two Node-only spots).
      plugins: [chargebeeInTheBrowser()],
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
          ...(existsSync(stylesCss)
            ? [{ find: /^@upsell-kit\/react\/styles\.css$/, replacement: stylesCss }]
            : []),
          ...workspaceAliases,
        ],
      },
      optimizeDeps: {
        include: [
          'react',
          'react-dom',
          'react-dom/client',
          'react/jsx-runtime',
          'react/jsx-dev-runtime',
          '@tanstack/react-query',
          'dompurify',
          'valibot',
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
