import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import type { Page } from 'playwright';
import type { BrowserCommandContext } from 'vitest/node';
import { defineProject } from 'vitest/config';
import { chromiumArgs, chromiumPath, workspaceAliases } from '../../vitest.shared';

/** The `react-browser` project: real layout, focus and IntersectionObserver in Debian Chromium. */
export default defineProject({
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
    name: 'react-browser',
    include: ['src/**/*.browser.test.{ts,tsx}'],
    // Room for the 10 s waits of the setup file (see there), on a busy machine.
    testTimeout: 30_000,
    setupFiles: ['./src/test/browser-setup.ts'],
    // A fresh object per project: Vitest must not share one browser config between projects.
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
      commands: {
        /** Emulates `prefers-color-scheme` (`null`: back to the browser's own) in the page. */
        async colorScheme(context, scheme: 'light' | 'dark' | null) {
          if (context.provider.name !== 'playwright')
            throw new Error('Needs the Playwright provider.');
          await (context as BrowserCommandContext & { page: Page }).page.emulateMedia({
            colorScheme: scheme,
          });
        },
        /** A real mouse wheel at the middle of the page (Playwright's `mouse.wheel`). */
        async wheel(context, deltaX: number, deltaY: number) {
          if (context.provider.name !== 'playwright')
            throw new Error('Needs the Playwright provider.');
          const { page } = context as BrowserCommandContext & { page: Page };
          const size = page.viewportSize() ?? { width: 800, height: 600 };
          await page.mouse.move(size.width / 2, size.height / 2);
          await page.mouse.wheel(deltaX, deltaY);
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
