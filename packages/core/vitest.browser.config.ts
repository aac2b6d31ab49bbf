import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared';
import {
  engineInstance,
  engineProjectName,
  type Engine,
} from '../../scripts/engines/browser-engines';

/** The `core-browser` project (`-firefox`, `-webkit`): `*.browser.test.ts` in a real engine. */
export function coreBrowserProject(engine: Engine) {
  return defineProject({
    root: fileURLToPath(new URL('.', import.meta.url)),
    resolve: { alias: workspaceAliases },
    optimizeDeps: { include: ['dompurify'] },
    test: {
      name: engineProjectName('core-browser', engine),
      include: ['src/**/*.browser.test.ts'],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        instances: [engineInstance(engine)],
      },
    },
  });
}

export default coreBrowserProject('chromium');
