import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

/**
 * The `demo-components` project: the demo's own React components in jsdom, against the kit's real
 * server handler and the simulator through MSW (`@upsell-kit/chargebee-simulator/testing`), as
 * the React README's Testing section tells an app to test its components. The browser-mode twin
 * is vitest.browser.config.ts.
 */
export default defineProject({
  plugins: [react()],
  resolve: { alias: workspaceAliases },
  test: {
    name: 'demo-components',
    environment: 'jsdom',
    include: ['src/client/**/*.test.tsx'],
    exclude: ['src/client/**/*.browser.test.tsx'],
    // The waits are on state (an MSW answer, a render, the simulator); a busy machine is slow.
    testTimeout: 30_000,
    setupFiles: ['./src/client/test-setup.ts'],
  },
});
