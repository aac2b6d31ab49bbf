import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/** Resolve workspace packages to their sources in tests, so no build is needed first. */
export const workspaceAliases = [
  { find: /^@upsell-kit\/core$/, replacement: src('core/src/index.ts') },
  { find: /^@upsell-kit\/core\/(.*)$/, replacement: src('core/src/$1.ts') },
  { find: /^@upsell-kit\/react$/, replacement: src('react/src/index.ts') },
  { find: /^@upsell-kit\/react\/(arbitration|debug)$/, replacement: src('react/src/$1.ts') },
  { find: /^@upsell-kit\/react\/locales\/(.*)$/, replacement: src('react/src/locales/$1.ts') },
  { find: /^@upsell-kit\/server$/, replacement: src('server/src/index.ts') },
  { find: /^@upsell-kit\/server\/(.*)$/, replacement: src('server/src/$1.ts') },
  {
    find: /^@upsell-kit\/chargebee-simulator$/,
    replacement: src('chargebee-simulator/src/index.ts'),
  },
  {
    find: /^@upsell-kit\/chargebee-simulator\/(testing|vite)$/,
    replacement: src('chargebee-simulator/src/$1.ts'),
  },
];

/** Debian Chromium unless CHROMIUM_PATH points elsewhere (a machine with Playwright's own browsers). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
