import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';
import { chargebeeInTheBrowser } from '../../packages/chargebee-simulator/src/testing/chargebee-in-the-browser';
import { workspaceAliases } from '../../vitest.shared';
import {
  engineInstance,
  engineProjectName,
  type Engine,
} from '../../scripts/engines/browser-engines';

/**
 * The `demo-browser` project (`-firefox`, `-webkit`): the demo's components in a real engine,
 * against the kit's real server handler and the simulator in the page (`createUpsellTestBackend`,
 * the client on `backend.fetch`), as the React README's Testing section configures browser mode:
 * `chargebeeInTheBrowser()` lets the chargebee SDK the handler uses load in the page.
 */
export function demoBrowserProject(engine: Engine) {
  return defineProject({
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react(), chargebeeInTheBrowser()],
    resolve: { alias: workspaceAliases },
    // Pre-bundled up front, or Vite discovers them mid-run and reloads the page.
    optimizeDeps: {
      include: [
        'react',
        'react-dom',
        'react-dom/client',
        'react/jsx-dev-runtime',
        '@tanstack/react-query',
        '@testing-library/react',
        '@testing-library/user-event',
        'dompurify',
        'valibot',
        'msw',
        '@upsell-kit/server > @noble/hashes/hmac',
        '@upsell-kit/server > @noble/hashes/sha2',
        '@upsell-kit/server > @noble/hashes/utils',
      ],
    },
    test: {
      name: engineProjectName('demo-browser', engine),
      include: ['src/client/**/*.browser.test.tsx'],
      testTimeout: 30_000,
      setupFiles: ['./src/client/test-setup.ts'],
      browser: {
        enabled: true,
        headless: true,
        instances: [engineInstance(engine)],
        screenshotFailures: false,
      },
    },
  });
}

export default demoBrowserProject('chromium');
