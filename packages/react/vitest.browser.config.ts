import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Page } from 'playwright';
import type { BrowserCommandContext } from 'vitest/node';
import { configDefaults, defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';
import {
  engineInstance,
  engineProjectName,
  type Engine,
} from '../../scripts/engines/browser-engines';

/**
 * Test files that emulate media features (`prefers-color-scheme`, `prefers-reduced-motion`):
 * only Playwright can, so they run in Chromium alone.
 */
const chromiumOnly = ['src/**/*.media.browser.test.tsx'];

/**
 * The `react-browser` project (`react-browser-firefox`, `react-browser-webkit` in the other
 * engines): real layout, focus and IntersectionObserver.
 */
export function reactBrowserProject(engine: Engine) {
  return defineProject({
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react()],
    resolve: { alias: workspaceAliases },
    // Pre-bundled up front, or Vite discovers them mid-run and reloads the page.
    optimizeDeps: {
      include: [
        'react',
        'react-dom',
        'react-dom/client',
        'react/jsx-dev-runtime',
        '@tanstack/react-query',
        'dompurify',
        'valibot',
        'axe-core',
        'msw',
        'msw/browser',
      ],
    },
    test: {
      name: engineProjectName('react-browser', engine),
      include: ['src/**/*.browser.test.{ts,tsx}'],
      exclude: [...configDefaults.exclude, ...(engine === 'chromium' ? [] : chromiumOnly)],
      // Room for the 10 s waits of the setup file (see there), on a busy machine.
      testTimeout: 30_000,
      setupFiles: ['./src/test/browser-setup.ts'],
      // A fresh object per project: Vitest must not share one browser config between projects.
      browser: {
        enabled: true,
        headless: true,
        instances: [engineInstance(engine)],
        commands: {
          /** Emulates `prefers-color-scheme` (`null`: back to the browser's own) in the page. */
          async colorScheme(context, scheme: 'light' | 'dark' | null) {
            if (context.provider.name !== 'playwright')
              throw new Error('Needs the Playwright provider.');
            await (context as BrowserCommandContext & { page: Page }).page.emulateMedia({
              colorScheme: scheme,
            });
          },
          /** Emulates `prefers-reduced-motion: reduce` (or back to no preference) in the page. */
          async reducedMotion(context, reduce: boolean) {
            if (context.provider.name !== 'playwright')
              throw new Error('Needs the Playwright provider.');
            await (context as BrowserCommandContext & { page: Page }).page.emulateMedia({
              reducedMotion: reduce ? 'reduce' : 'no-preference',
            });
          },
        },
        // Failures are read from the assertion; no screenshots left in the source tree.
        screenshotFailures: false,
      },
    },
  });
}

export default reactBrowserProject('chromium');
