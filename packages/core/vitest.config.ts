import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';

/**
 * The `core` project: Node (client) and jsdom (sanitizer, per-file environment comment).
 * The Chromium project `core-browser` is vitest.browser.config.ts: Vitest turns one config file
 * into exactly one project, so a second project needs a second file.
 */
export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'core',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.browser.test.ts'],
  },
});
