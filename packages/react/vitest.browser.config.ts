import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
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
    // A fresh object per project: Vitest must not share one browser config between projects.
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
