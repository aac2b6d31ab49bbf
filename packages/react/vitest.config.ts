import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

/**
 * The `react` project: components, hook and SSR in jsdom, MSW at the network edge.
 * The Chromium project `react-browser` is vitest.browser.config.ts: Vitest turns one config file
 * into exactly one project, so a second project needs a second file.
 */
export default defineProject({
  plugins: [react()],
  resolve: { alias: workspaceAliases },
  test: {
    name: 'react',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    exclude: ['src/**/*.browser.test.{ts,tsx}'],
    // Room for the 10 s waits of the setup file (see there), on a busy machine.
    testTimeout: 30_000,
    setupFiles: ['./src/test/setup.ts'],
  },
});
