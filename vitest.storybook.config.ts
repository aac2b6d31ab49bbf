import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './vitest.shared.ts';

/**
 * Every story of `.storybook/main.ts` as a test in Vitest browser mode (Debian Chromium): it
 * renders, runs its `play` function, and fails on any axe violation (`a11y.test: 'error'`).
 * Run alone with `vitest run --config vitest.storybook.config.ts`, or add this file to the root
 * `projects` list.
 */
export default defineProject({
  plugins: [storybookTest({ configDir: '.storybook', storybookScript: 'pnpm storybook --ci' })],
  test: {
    name: 'storybook',
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
        // The kit honours prefers-reduced-motion: entry fades off, so neither a visibility check
        // nor axe's contrast check ever looks at a prompt mid-fade.
        contextOptions: { reducedMotion: 'reduce' },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
