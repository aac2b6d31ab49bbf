#!/usr/bin/env node
// `pnpm check:bundles`: what reaches a browser, checked on the BUILT dist (`pnpm build` first).
//
// 1. Leaks. The browser entries (@upsell-kit/react and @upsell-kit/core, every export) are
//    bundled with esbuild for the browser, minified, production mode, with the peer dependencies
//    external. The bundle fails the check if its module graph contains @upsell-kit/server,
//    chargebee or ioredis (esbuild metafile), or if its text contains `chargebee` (but for the
//    navigation allow-list's ".chargebee.com"), `ioredis`, `@upsell-kit/server` or the name of
//    an API-key / secret environment variable. A Node-only
//    import (node:crypto, …) fails the browser build itself and so fails the check too.
// 2. Tree-shaking. Each component imported alone (with the provider) must be measurably smaller
//    than all three together (dist, min+gzip), and must not contain the other components' code:
//    a string probe on the dist bundle (the modal's `aria-modal`) and, exactly, an esbuild
//    metafile of a bundle of the sources, where the other components' folders must contribute
//    zero bytes.
// 3. Locales: each `@upsell-kit/react/locales/*` bundles clean on its own, and every export of the
//    main entry carries 0 bytes of them (checkLocales).
//
// `--why` prints, instead, where the bytes of each budgeted import come from (per source module).
//
// Prints every figure; exits 1 on any failure. SIZE_LIMIT_PARTIAL=1 skips unbuilt packages
// (while they are being written); CI never sets it.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { esbuild } from './lib/esbuild.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const partial = Boolean(process.env.SIZE_LIMIT_PARTIAL);

/** Peer dependencies: the app ships them anyway, and none of them is server code. */
const external = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', 'dompurify'];

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

const dist = {
  react: `${root}packages/react/dist/index.js`,
  core: `${root}packages/core/dist/index.js`,
};
const reactSrc = `${root}packages/react/src/index.ts`;

/** Module paths that must never be part of a browser bundle. */
const forbiddenModules = [
  {
    what: '@upsell-kit/server',
    test: (p) => /(^|\/)packages\/server\//.test(p) || p.includes('@upsell-kit/server'),
  },
  {
    what: 'chargebee (the SDK)',
    test: (p) => /(^|\/)node_modules\/(\.pnpm\/)?chargebee[@/]/.test(p) || p === 'chargebee',
  },
  {
    what: 'ioredis',
    test: (p) => /(^|\/)node_modules\/(\.pnpm\/)?ioredis[@/]/.test(p) || p === 'ioredis',
  },
];

/** Strings that must never appear in a browser bundle (minified: comments are gone). */
const forbiddenText = [
  // One mention is the browser's own: the navigation allow-list's hosted-page domain, the exact
  // literal ".chargebee.com" (core's is-allowed-navigation.ts). Any other is a leak.
  { what: 'the word "chargebee"', re: /(?<!"\.)chargebee|chargebee(?!\.com")/i },
  { what: 'ioredis', re: /ioredis/ },
  { what: '@upsell-kit/server', re: /@upsell-kit\/server/ },
  // CHARGEBEE_API_KEY, API_KEY, STRIPE_APIKEY, …, and the adapter's secret.
  { what: 'an API-key environment variable name', re: /\b[A-Z0-9_]*API_?KEY[A-Z0-9_]*\b/ },
  {
    what: 'a secret environment variable name',
    re: /\b(?:UPSELL_SECRET|[A-Z0-9]+_SECRET(?:_KEY)?)\b/,
  },
];

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.log(`  ✘ ${message}`);
};
const ok = (message) => console.log(`  ✔ ${message}`);
// kB = 1000 bytes, as size-limit prints and parses them.
const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const rel = (p) => relative(root, p) || p;

/** Bundles `contents` (an ES module) for the browser the way an app's production build would. */
async function bundle(contents, options = {}) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'tsx' },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    ...options,
  });
  const text = result.outputFiles[0].text;
  const [output] = Object.values(result.metafile.outputs);
  return { text, gzip: gzipSync(text, { level: 9 }).length, metafile: result.metafile, output };
}

function built(name, file) {
  if (existsSync(file)) return true;
  if (partial) {
    console.log(`  - ${name}: ${rel(file)} not built, skipped (SIZE_LIMIT_PARTIAL)`);
    return false;
  }
  fail(`${name}: ${rel(file)} does not exist; run \`pnpm build\` first`);
  return false;
}

/** The leaks of one browser bundle, as messages (empty when clean). */
async function findLeaks(name, contents, resolveDir = root, extraExternal = []) {
  let result;
  try {
    result = await bundle(contents, {
      stdin: { contents, resolveDir, loader: 'tsx' },
      external: [...external, ...extraExternal],
    });
  } catch (error) {
    // A Node-only import (node:crypto, fs, …) or a missing module: not a browser bundle.
    const messages = error.errors?.map(
      (e) => `${e.text}${e.location ? ` (${e.location.file})` : ''}`,
    );
    return {
      leaks: [`${name} does not bundle for the browser: ${messages?.join('; ') ?? error.message}`],
    };
  }
  const leaks = [];
  const inputs = Object.keys(result.metafile.inputs);
  const imports = result.output.imports.map((i) => i.path);
  for (const { what, test } of forbiddenModules) {
    const hits = [...new Set([...inputs, ...imports].filter(test))];
    if (hits.length > 0)
      leaks.push(`${name} pulls in ${what}: ${hits.slice(0, 5).map(rel).join(', ')}`);
  }
  for (const { what, re } of forbiddenText) {
    const match = re.exec(result.text);
    if (match) {
      const at = result.text.slice(Math.max(0, match.index - 60), match.index + 60);
      leaks.push(`${name} contains ${what}: "${match[0]}" in …${at}…`);
    }
  }
  return { leaks, result, inputs, imports };
}

async function checkLeaks(name, file) {
  console.log(`\n${name} (every export, browser platform)`);
  if (!built(name, file)) return;
  const { leaks, result, inputs, imports } = await findLeaks(
    name,
    `export * from ${JSON.stringify(file)};`,
  );
  for (const leak of leaks) fail(leak);
  if (leaks.length === 0) {
    ok(
      `${inputs.length} modules, ${kb(result.text.length)} min, ${kb(result.gzip)} gzip; ` +
        `no server, chargebee, ioredis or key names; externals: ${[...new Set(imports)].join(', ') || 'none'}`,
    );
  }
}

/** The checker must catch a real leak, or its green means nothing. */
async function checkTheChecker() {
  console.log('\ncanaries (each must be caught)');
  const canaries = [
    // The real SDK, resolved where it is installed (the server package).
    // Node built-ins external, so that the module-graph check (not the build error) catches it.
    [
      'chargebee SDK',
      /pulls in chargebee/,
      "export * from 'chargebee';",
      `${root}packages/server`,
      ['node:*'],
    ],
    [
      'ioredis',
      /pulls in ioredis/,
      "export * from 'ioredis';",
      `${root}packages/server`,
      ['node:*', ...nodeBuiltins],
    ],
    [
      'Node-only import',
      /does not bundle for the browser/,
      "export { createHmac } from 'node:crypto';",
    ],
    // Chargebee's name anywhere but in the allow-list's literal (here: the SDK's API host).
    [
      'chargebee host',
      /the word "chargebee"/,
      'export const u = "https://acme.chargebee.com/api/v2";',
    ],
    ['key name', /API-key/, "export const k = process.env['STRIPE_API_KEY'];"],
    ['secret name', /secret/, 'export const s = globalThis.UPSELL_SECRET;'],
  ];
  for (const [what, expected, contents, dir, extraExternal] of canaries) {
    const { leaks } = await findLeaks(`canary (${what})`, contents, dir, extraExternal);
    const caught = leaks.find((leak) => expected.test(leak));
    if (caught) ok(`${what}: caught (${caught.slice(0, 90)}…)`);
    else
      fail(
        `canary ${what} went through (${leaks.join('; ') || 'no leak found'}): the check is broken`,
      );
  }
}

/**
 * The components, their folder in packages/react/src, and strings only their own code contains
 * (root class names; the modal's focus trap selects `[contenteditable="true"]`). A probe must be
 * found in its own component's bundle, or the probe itself is stale.
 */
const components = [
  { name: 'UpsellBanner', folder: 'banner', probes: ['upsell-banner'] },
  { name: 'UpsellModal', folder: 'modal', probes: ['upsell-modal', 'contenteditable'] },
  { name: 'UpsellInlineCallout', folder: 'inline-callout', probes: ['upsell-callout'] },
];

async function checkTreeShaking() {
  console.log('\n@upsell-kit/react tree-shaking (dist, with UpsellProvider)');
  if (!built('@upsell-kit/react', dist.react)) return;
  const from = JSON.stringify(dist.react);
  const all = await bundle(
    `import { UpsellProvider, ${components.map((c) => c.name).join(', ')} } from ${from};\n` +
      `console.log(UpsellProvider, ${components.map((c) => c.name).join(', ')});`,
  );
  console.log(`  all three components: ${kb(all.text.length)} min, ${kb(all.gzip)} gzip`);
  for (const c of components) {
    const one = await bundle(
      `import { UpsellProvider, ${c.name} } from ${from};\nconsole.log(UpsellProvider, ${c.name});`,
    );
    // "Measurably": at least 200 bytes of minified code less than all three, and smaller gzipped.
    const savedMin = all.text.length - one.text.length;
    const savedGzip = all.gzip - one.gzip;
    const figures = `${kb(one.text.length)} min, ${kb(one.gzip)} gzip (${savedMin} B min / ${savedGzip} B gzip less than all three)`;
    if (savedMin >= 200 && savedGzip > 0) ok(`${c.name} alone: ${figures}`);
    else fail(`${c.name} alone is not measurably smaller than all three: ${figures}`);

    const missing = c.probes.filter((probe) => !one.text.includes(probe));
    if (missing.length > 0) {
      fail(`${c.name}'s own probe(s) ${missing.join(', ')} not in its bundle: update the probes`);
    }
    const foreign = components
      .filter((other) => other !== c)
      .flatMap((other) =>
        other.probes
          .filter((probe) => one.text.includes(probe))
          .map((probe) => `${other.name} ("${probe}")`),
      );
    if (foreign.length > 0) fail(`${c.name} alone contains code of ${foreign.join(', ')}`);
    else ok(`${c.name} alone contains no code of the other components (string probes)`);
  }

  console.log(
    '\n@upsell-kit/react tree-shaking (sources, esbuild metafile: bytes per component folder)',
  );
  if (!existsSync(reactSrc)) {
    fail(`${rel(reactSrc)} does not exist`);
    return;
  }
  for (const c of components) {
    const one = await bundle(
      `import { UpsellProvider, ${c.name} } from ${JSON.stringify(reactSrc)};\nconsole.log(UpsellProvider, ${c.name});`,
    );
    const bytesByFolder = {};
    for (const [path, { bytesInOutput }] of Object.entries(one.output.inputs)) {
      const folder = /packages\/react\/src\/([^/]+)\//.exec(path)?.[1];
      if (folder) bytesByFolder[folder] = (bytesByFolder[folder] ?? 0) + bytesInOutput;
    }
    const own = bytesByFolder[c.folder] ?? 0;
    const foreign = components
      .filter((o) => o !== c && (bytesByFolder[o.folder] ?? 0) > 0)
      .map((o) => `src/${o.folder}/ ${bytesByFolder[o.folder]} B`);
    if (own === 0)
      fail(`${c.name}: nothing from src/${c.folder}/ in its bundle; folder layout changed?`);
    else if (foreign.length > 0) fail(`${c.name} alone includes ${foreign.join(', ')}`);
    else ok(`${c.name} alone: src/${c.folder}/ ${own} B, other component folders 0 B`);
  }
}

/**
 * The debug panel's reporting (issue 23) is development-only: in a production bundle of every
 * export of the main entry, the debug modules contribute exactly 0 bytes (esbuild metafile); in a
 * development bundle they contribute some, or the check would prove nothing.
 */
const debugModules =
  /packages\/react\/src\/(internal\/debug-hub|internal\/use-debug-report|debug\/)/;

async function checkDebugAbsent() {
  console.log('\n@upsell-kit/react debug reporting (sources, esbuild metafile)');
  const everything = `export * from ${JSON.stringify(reactSrc)};`;
  const coreSrc = `${root}packages/core/src/index.ts`;
  const bytesIn = async (mode) => {
    const { output } = await bundle(everything, {
      alias: { '@upsell-kit/core': coreSrc },
      define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    });
    return Object.entries(output.inputs)
      .filter(([path]) => debugModules.test(path))
      .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  };
  const production = await bytesIn('production');
  const development = await bytesIn('development');
  if (development === 0) fail('debug modules: 0 B in a development bundle too; probe is stale');
  else if (production > 0) fail(`debug modules: ${production} B in the production bundle`);
  else ok(`debug modules: 0 B in production (${development} B in development)`);
}

/**
 * The bundled message sets (`@upsell-kit/react/locales/*`) are opt-in: each bundles for the browser
 * on its own, and an app that imports none of them gets 0 bytes of them. Checked on the dist (no
 * locale module in the module graph of every export of the main entry, none of their strings in
 * its text) and exactly on the sources (esbuild metafile: src/locales/ contributes 0 bytes). The
 * probe of each locale is a string only it contains; it must be found in its own bundle, and a
 * main-entry bundle that does import a locale must be caught (or the check is broken).
 */
const locales = [
  { name: 'de', probe: 'Ausblenden' },
  { name: 'es', probe: 'Descartar' },
  { name: 'fr', probe: 'Masquer' },
  { name: 'ja', probe: '非表示にする' },
];

async function checkLocales() {
  console.log('\n@upsell-kit/react/locales/* (opt-in message sets)');
  if (!built('@upsell-kit/react', dist.react)) return;
  const localeDist = (name) => `${root}packages/react/dist/locales/${name}.js`;
  for (const { name, probe } of locales) {
    if (!built(`@upsell-kit/react/locales/${name}`, localeDist(name))) continue;
    const contents = `export * from ${JSON.stringify(localeDist(name))};`;
    const { leaks } = await findLeaks(`@upsell-kit/react/locales/${name}`, contents);
    for (const leak of leaks) fail(leak);
    // UTF-8 output, so that the probe (and the figures) read as an app's bundler writes them.
    const own = await bundle(contents, { charset: 'utf8' });
    if (!own.text.includes(probe)) fail(`locales/${name}: its probe "${probe}" is not in it`);
    else if (leaks.length === 0)
      ok(
        `locales/${name}: ${kb(Buffer.byteLength(own.text))} min, ${kb(own.gzip)} gzip, browser-clean`,
      );
  }

  /** The locale modules and probes found in a bundle of `contents` (dist). */
  const localesIn = async (contents) => {
    const result = await bundle(contents, { charset: 'utf8' });
    const inputs = Object.keys(result.metafile.inputs).filter((p) =>
      /packages\/react\/(dist|src)\/locales\//.test(p),
    );
    const probes = locales.filter(({ probe }) => result.text.includes(probe)).map((l) => l.name);
    return { inputs, probes, result };
  };
  const main = await localesIn(`export * from ${JSON.stringify(dist.react)};`);
  if (main.inputs.length > 0 || main.probes.length > 0)
    fail(
      `every export of @upsell-kit/react includes locales: ${[...main.inputs.map(rel), ...main.probes].join(', ')}`,
    );
  else
    ok(
      `every export of @upsell-kit/react (${kb(main.result.gzip)} gzip): no locale module, no locale string`,
    );
  const canary = await localesIn(
    `export * from ${JSON.stringify(dist.react)};\nexport { de } from ${JSON.stringify(localeDist('de'))};`,
  );
  if (canary.probes.includes('de') && canary.inputs.length > 0)
    ok('canary (main entry + locales/de): caught');
  else fail('canary (main entry + locales/de) went through: the locale check is broken');

  const fromSources = await bundle(`export * from ${JSON.stringify(reactSrc)};`);
  const localeBytes = Object.entries(fromSources.output.inputs)
    .filter(([path]) => /packages\/react\/src\/locales\//.test(path))
    .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
  if (localeBytes > 0)
    fail(`every export of the react sources includes ${localeBytes} B of src/locales/`);
  else ok('every export of the react sources: src/locales/ 0 B (esbuild metafile)');
}

/** `--why`: where the bytes of each budgeted import come from, per source module. */
async function why() {
  const coreSrc = `${root}packages/core/src/index.ts`;
  const sets = [
    ['@upsell-kit/react', reactSrc, 'useUpsellOffer, UpsellProvider'],
    [
      '@upsell-kit/react',
      reactSrc,
      'UpsellProvider, useUpsellOffer, UpsellBanner, UpsellModal, UpsellInlineCallout',
    ],
    ['@upsell-kit/core', coreSrc, 'createUpsellClient, sanitizeOfferHtml'],
  ];
  for (const [pkg, file, names] of sets) {
    const result = await bundle(
      `import { ${names} } from ${JSON.stringify(file)};\nconsole.log(${names});`,
      {
        alias: { '@upsell-kit/core': coreSrc },
      },
    );
    console.log(
      `\n${pkg} { ${names} } from sources: ${kb(result.text.length)} min, ${kb(result.gzip)} gzip`,
    );
    const inputs = Object.entries(result.output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput);
    for (const [path, { bytesInOutput }] of inputs) {
      console.log(
        `  ${String(bytesInOutput).padStart(6)} B min  ${rel(path).replace(/^packages\//, '')}`,
      );
    }
  }
}

if (process.argv.includes('--why')) {
  await why();
  process.exit(0);
}

console.log(`check-bundles (esbuild ${esbuild.version})`);
await checkTheChecker();
await checkLeaks('@upsell-kit/react', dist.react);
await checkLeaks('@upsell-kit/core', dist.core);
await checkTreeShaking();
await checkDebugAbsent();
await checkLocales();

if (failures.length > 0) {
  console.log(`\n✘ check-bundles: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log(
  '\n✔ check-bundles: browser bundles are clean, tree-shake per component and carry no locale unless imported',
);
