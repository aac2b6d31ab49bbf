import { existsSync } from 'node:fs';

// Bundle budgets (issue 8), measured on the BUILT dist (`pnpm build` first) the way an app's
// bundler sees it: esbuild, minified, tree-shaken, gzip, production mode, with the peer
// dependencies left out. `pnpm size` prints every figure and fails above a budget.
// Tree-shaking between the components is verified by scripts/check-bundles.mjs.
// Units: size-limit reads "kB" (and "KB") as 1000 bytes.

/** Peer dependencies of @upsell-kit/react and @upsell-kit/core: the app ships them anyway. */
const ignore = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', 'dompurify'];

/** What an app's production build does: dev-only warnings drop out. */
const modifyEsbuildConfig = (config) => ({
  ...config,
  platform: 'browser',
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
});

const react = 'packages/react/dist/index.js';
const arbitration = 'packages/react/dist/arbitration.js';
const debug = 'packages/react/dist/debug.js';
const core = 'packages/core/dist/index.js';

// Without this, a missing build shows up as esbuild failing to resolve "/…/undefined".
const missing = [react, arbitration, debug, core].filter(
  (file) => !existsSync(new URL(file, import.meta.url)),
);
// SIZE_LIMIT_PARTIAL=1 measures what is built (while packages are in progress); CI never sets it.
const partial = Boolean(process.env.SIZE_LIMIT_PARTIAL);
if (missing.length > 0 && !partial) {
  throw new Error(`size-limit: ${missing.join(', ')} not built yet; run \`pnpm build\` first.`);
}

/** @param {string} name @param {string} path @param {string} imports @param {string} limit */
const check = (name, path, imports, limit) => ({
  name,
  path,
  import: imports,
  limit,
  gzip: true,
  ignore,
  modifyEsbuildConfig,
});

// Regression guards at the last measured size + ~3 % (issue 12 retired issue 8's 4 kB / 7 kB
// targets). Figures in bytes (min + gzip, this config, measured 2026-12-02; #20 / #25 rows 2026-12-07), hook + provider / all
// three / banner / modal / callout / core:
//   before issue 17 (cb3853d)                       6579 / 7719 / 7208 / 7634 / 7198 / 2172
//   contract constants in core (3f56958)            6683 / 7810 / 7302 / 7733 / 7292 / 2184
//   offer controller in core + #17 fixes (1d13841)  7191 / 8307 / 7802 / 8232 / 7795 / 2184
//   binding trimmed (z17-size, 072583a)             6953 / 8070 / 7562 / 7992 / 7553 / 2184
//   isSafeUrl for checkout / redirects (b19c9f1)    7193 / 8312 / 7804 / 8235 / 7795 / 2149
//   issue 15's prompt UX (bc6d0f6)                  7561 / 9967 / 8613 / 9882 / 8605 / 2399
//   controller closures (079f893)                   7471 / 9885 / 8521 / 9796 / 8515 / 2399
//   #20: accept flow split (pure decision, 73892c1) 7682 / 10083 / 8735 / 10004 / 8728 / 2399
//   #25: navigation allow-list (b183df1)            7924 / 10318 / 8973 / 10237 / 8966 / 2399
//   #20: offers query options in core (fb0155e)     7970 / 10358 / 9009 / 10274 / 9001 / 2399
//   locales as opt-in entries (issue 21)            7965 / 10352 / 9007 / 10272 / 8998 / 2399 (unchanged)
//   #23 on 27509cd: placement, debug member, cross-tab, onCompleted, the arbitration hook point
//                                                   8211 / 10653 / 9292 / 10566 / 9285 / 2430
//   now (#23 merged with main e191412, its two error codes included)
//                                                   8224 / 10666 / 9307 / 10579 / 9300 / 2448
//   with the arbitration entry (all three + createPromptArbiter): 11244; the debug panel in
//   production: 50 (it renders nothing; the prompts' reporting adds 0 B, see check-bundles)
// The accept flow as a pure decision plus a runner (#20) costs 0.21 kB: decision objects and
// their dispatch, the runner's host interface. The navigation allow-list (#25) 0.24 kB: host
// rules with wildcards and entry checks, longer refusal messages, the provider option. Core's
// offers query options 0.05 kB: the options object the hook spreads, the key function. Earlier,
// the controller move cost ~0.27 kB net over the old hook (the #17 fixes in it: enabled={false}
// resets, a cache scope per client, ref cleanups, callbacks read through a ref); the rest is
// behaviour: unsafe-URL refusals, and issue 15's sanitizer link pass + new-tab note, grant units
// (Intl.PluralRules), next-step actions and strings, alert region, and the modal's idle-open rule,
// inert background, scroll lock and outside click. Where the hook + provider's bytes went before
// #20 (`node scripts/check-bundles.mjs --why`; gzip cost of each part, roughly): the offer
// controller ~1.2 kB (accept flow, checkout / redirect, polling, events, display count), the
// client ~1 kB, the sanitizer wrapper ~0.6 kB, the English messages ~0.5 kB, the lifecycle
// ~0.5 kB, the prop getters ~0.45 kB, the React binding ~1.2 kB (query options, controller
// binding, viewed rule, the hook), errors ~0.3 kB, the provider ~0.3 kB, the registry, status
// text and URL check ~0.45 kB. Since: the controller's part grew by the 0.21 + 0.24 kB above, and
// the query options moved from the React binding into core.
const checks = [
  check(
    'react: useUpsellOffer + UpsellProvider',
    react,
    '{ useUpsellOffer, UpsellProvider }',
    '8.46 kB',
  ),
  check(
    'react: provider + hook + all three components',
    react,
    '{ UpsellProvider, useUpsellOffer, UpsellBanner, UpsellModal, UpsellInlineCallout }',
    '10.97 kB',
  ),
  // Each component with the provider it needs, as an app imports it. No budget of their own
  // beyond the all-in one; check-bundles asserts each is smaller than all three together.
  check(
    'react: UpsellProvider + UpsellBanner',
    react,
    '{ UpsellProvider, UpsellBanner }',
    '9.57 kB',
  ),
  check(
    'react: UpsellProvider + UpsellModal',
    react,
    '{ UpsellProvider, UpsellModal }',
    '10.88 kB',
  ),
  check(
    'react: UpsellProvider + UpsellInlineCallout',
    react,
    '{ UpsellProvider, UpsellInlineCallout }',
    '9.56 kB',
  ),
  // Opt-in entries (issue 23). With an arbiter: all three components and the rules with their
  // binding, as an app that uses arbitration imports them (the two entries share one build).
  {
    ...check(
      'react/arbitration: all three components + createPromptArbiter',
      react,
      '{ UpsellProvider, UpsellBanner, UpsellModal, UpsellInlineCallout }',
      '11.57 kB',
    ),
    path: [react, arbitration],
    import: {
      [react]: '{ UpsellProvider, UpsellBanner, UpsellModal, UpsellInlineCallout }',
      [arbitration]: '{ createPromptArbiter }',
    },
  },
  // The debug panel in a production build: it renders nothing (its table is development-only).
  check('react/debug: UpsellDebugPanel (production)', debug, '{ UpsellDebugPanel }', '100 B'),
  // The opt-in message sets, each alone (an app adds one to the figures above when it imports it;
  // an app that imports none gets 0 bytes of them: scripts/check-bundles.mjs checks that exactly).
  // Measured 2026-12-07: de 898, es 863, fr 859, ja 1067 B (Japanese: 3 bytes a character).
  ...Object.entries({ de: '0.93 kB', es: '0.89 kB', fr: '0.89 kB', ja: '1.1 kB' }).map(
    ([locale, limit]) =>
      check(
        `react/locales/${locale} (opt-in)`,
        `packages/react/dist/locales/${locale}.js`,
        `{ ${locale} }`,
        limit,
      ),
  ),
  check(
    'core: createUpsellClient + sanitizeOfferHtml',
    core,
    '{ createUpsellClient, sanitizeOfferHtml }',
    '3 kB',
  ),
];

export default checks.filter((c) => !partial || !missing.includes(c.path));
