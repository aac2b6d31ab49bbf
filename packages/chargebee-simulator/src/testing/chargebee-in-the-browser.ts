import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The chargebee SDK's modules that assume Node, and what the browser gets instead. */
function transformChargebee(code: string, id: string): { code: string; map: null } | null {
  // With `enableValidation` the SDK lazy-loads ~1 MB of Zod request schemas through a template
  // `import()`; the kit never turns it on, and bundling them would drag every schema (and an
  // unresolvable `zod`) in, so the loader gets its "no schema" answer.
  if (/chargebee[\\/]esm[\\/]validationLoader\.js$/.test(id)) {
    return { code: 'export async function getSchema() { return null; }\n', map: null };
  }
  // `new Chargebee()` builds a default webhook handler that reads `process.env` for Basic-auth
  // credentials; a page has no `process`, and nothing receives webhooks there.
  if (/chargebee[\\/]esm[\\/]resources[\\/]webhook[\\/]handler\.js$/.test(id)) {
    return {
      code: code.replace(/process\.env\.CHARGEBEE_WEBHOOK_(USERNAME|PASSWORD)/g, 'undefined'),
      map: null,
    };
  }
  return null;
}

/**
 * The SDK as `optimizeDeps.include` names it: `chargebee` where the app installed it (the server
 * README's install line), else through `@upsell-kit/server` (pnpm installs it only there).
 */
function sdkFrom(root: string | undefined): string {
  try {
    createRequire(join(resolve(root ?? process.cwd()), 'package.json')).resolve('chargebee');
    return 'chargebee';
  } catch {
    return '@upsell-kit/server > chargebee';
  }
}

/**
 * A Vite (8+) plugin for running your server handler, and so the official `chargebee` SDK, in a
 * browser page against the simulator: Vitest browser mode with `createUpsellTestBackend`,
 * Storybook, a demo page. The SDK's browser build still imports `node:buffer` (its Basic-auth
 * header) and `node:events` (its webhook handler, a class evaluated at import time): they resolve
 * to the npm ports `buffer` and `events`, which the app installs (`pnpm add -D buffer events`).
 * Two modules that read Node's globals are rewritten, in the dev server, the build and the
 * dependency pre-bundler alike. Test and demo builds only: a production page never holds a
 * Chargebee key.
 *
 * @example
 * // vitest.config.ts
 * import { chargebeeInTheBrowser } from '@upsell-kit/chargebee-simulator/vite';
 * export default defineConfig({ plugins: [react(), chargebeeInTheBrowser()], test: { browser: { … } } });
 */
export function chargebeeInTheBrowser(): Plugin {
  return {
    name: 'upsell-kit:chargebee-in-the-browser',
    enforce: 'pre',
    config: (config) => ({
      resolve: {
        alias: [
          { find: /^node:buffer$/, replacement: 'buffer' },
          { find: /^node:events$/, replacement: 'events' },
        ],
      },
      optimizeDeps: {
        // Pre-bundled up front, or Vite finds them mid-run and reloads the page.
        include: [sdkFrom(config.root), 'buffer', 'events'],
        rolldownOptions: {
          plugins: [{ name: 'upsell-kit:chargebee-in-the-browser', transform: transformChargebee }],
        },
      },
    }),
    transform: transformChargebee,
  };
}
