import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { chromiumArgs, chromiumPath, workspaceAliases } from '../../vitest.shared';

/** The `core-browser` project: `*.browser.test.ts` in real (Debian) Chromium. */
export default defineProject({
  resolve: { alias: workspaceAliases },
  // Pre-bundled up front, or Vite discovers them mid-run and reloads the page.
  optimizeDeps: { include: ['dompurify'] },
  test: {
    name: 'core-browser',
    include: ['src/**/*.browser.test.ts'],
    // A fresh object per project: Vitest must not share one browser config between projects.
    browser: {
      enabled: true,
      headless: true,
      // Screenshots of a blank test page help nobody and would litter src/.
      screenshotFailures: false,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
