#!/usr/bin/env node
// `pnpm check:install`: the public packages work in an app that installs them from their tarballs,
// the way the README's "Use it in your own app before it is on npm" tells a user to. Run after
// `pnpm build`. In a temp folder, with no workspace link anywhere:
//
// 1. packs every public package with the README's command (`pnpm -r --filter './packages/*' pack`:
//    the private apps are never packed) and checks that exactly those came out;
// 2. writes a fresh Vite + React + Express app and a fresh Next.js App Router app (templates in
//    scripts/check-install/), each using every public entry;
// 3. installs each with the README's one command: every tarball at once (each package depends on
//    `@upsell-kit/core@^0.0.0`, which is not on npm: an override in the app's pnpm-workspace.yaml
//    points it at its tarball), the peers pinned to the versions this repository tests, from the
//    warm pnpm store (`--prefer-offline`; only the npm registry needs to be reachable);
// 4. checks that every `@upsell-kit/*` in the app's node_modules came from a tarball, loads every
//    public entry in Node (ESM `import` and CJS `require`), type-checks the Vite app (`tsc`,
//    libraries checked) and builds both (`vite build`, `next build`, which type-checks too).
//
// Prints each step's time. KEEP_INSTALL_CHECK=1 keeps the temp folder for a look.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextApp } from './check-install/next-app.mjs';
import { viteApp } from './check-install/vite-app.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
let last = started;
const step = (what) => {
  const now = Date.now();
  if (last !== started) console.log(`   (${((now - last) / 1000).toFixed(1)} s)`);
  last = now;
  console.log(`\n── ${what}`);
};
const fail = (message) => {
  console.error(`\n✘ check-install: ${message}`);
  process.exit(1);
};

/** Runs a command (printed as typed), failing the check with its output when it fails. */
function run(command, args, cwd, env = {}) {
  console.log(`   $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  });
  if (result.status !== 0)
    fail(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** The version of `name` this repository installed (so the store has it), read where it is. */
function installed(name, from = root) {
  const require = createRequire(join(from, 'package.json'));
  const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
  try {
    return read(require.resolve(`${name}/package.json`)).version;
  } catch {
    // Not exported: from the entry up to the package's own package.json.
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || read(join(dir, 'package.json')).name !== name)
      dir = dirname(dir);
    return read(join(dir, 'package.json')).version;
  }
}

const publicPackages = readdirSync(join(root, 'packages'))
  .map((folder) => join(root, 'packages', folder, 'package.json'))
  .filter(existsSync)
  .map((file) => ({ dir: dirname(file), pkg: JSON.parse(readFileSync(file, 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);
for (const { dir, pkg } of publicPackages)
  if (!existsSync(join(dir, 'dist'))) fail(`${pkg.name} has no dist/: run \`pnpm build\` first`);

const work = mkdtempSync(join(tmpdir(), 'check-install-'));
try {
  step('pack the public packages (the private apps are not packed)');
  const packs = join(work, 'packs');
  run('pnpm', ['-r', '--filter', './packages/*', 'pack', '--pack-destination', packs], root);
  const tarballs = readdirSync(packs)
    .filter((f) => f.endsWith('.tgz'))
    .sort();
  const expected = publicPackages
    .map(({ pkg }) => `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.version}.tgz`)
    .sort();
  if (JSON.stringify(tarballs) !== JSON.stringify(expected))
    fail(`packed ${tarballs.join(', ')}; expected exactly ${expected.join(', ')}`);
  console.log(`   ${tarballs.join(', ')}`);
  const core = tarballs.find((t) => t.startsWith('upsell-kit-core-'));

  const v = {
    ...Object.fromEntries(
      [
        '@tanstack/react-query',
        '@types/express',
        '@types/node',
        '@types/react',
        '@types/react-dom',
        '@vitejs/plugin-react',
        'chargebee',
        'dompurify',
        'express',
        'msw',
        'react',
        'react-dom',
        'typescript',
        'vite',
      ].map((name) => [name, installed(name)]),
    ),
    next: installed('next', join(root, 'apps/next-example')),
    ioredis: installed('ioredis', join(root, 'apps/demo')),
  };
  const peers = ['@tanstack/react-query', 'dompurify', 'chargebee', 'msw'].map(
    (n) => `${n}@${v[n]}`,
  );
  console.log(
    `   versions (this repository's): ${Object.entries(v)
      .map(([n, x]) => `${n} ${x}`)
      .join(', ')}`,
  );

  /** Writes an app, installs it with the README's commands, checks where the kit came from. */
  const install = (name, files) => {
    const dir = join(work, name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    // The README's override, as its `cat >> pnpm-workspace.yaml` writes it.
    writeFileSync(
      join(dir, 'pnpm-workspace.yaml'),
      `overrides:\n  '@upsell-kit/core': file:${join(packs, core)}\n`,
    );
    run('pnpm', ['add', '--prefer-offline', ...tarballs.map((t) => join(packs, t)), ...peers], dir);
    for (const { pkg } of publicPackages) {
      const real = realpathSync(join(dir, 'node_modules', pkg.name));
      if (real.startsWith(root)) fail(`${name}: ${pkg.name} resolves into the workspace (${real})`);
    }
    console.log(
      `   every @upsell-kit/* from its tarball (node_modules/.pnpm), none linked to the workspace`,
    );
    return dir;
  };

  step('a fresh Vite + React + Express app: install from the tarballs');
  const vite = install('vite-app', viteApp(v));

  step('load every public entry in Node (ESM import and CJS require)');
  const entries = publicPackages.flatMap(({ pkg }) =>
    Object.keys(pkg.exports)
      .filter((subpath) => !/\.(css|json)$/.test(subpath))
      .map((subpath) => `${pkg.name}${subpath.slice(1)}`),
  );
  // The React entries hold JSX runtime imports and the simulator's `/vite` Node-only imports:
  // everything loads in Node (the browser-only globals are read lazily).
  run(
    process.execPath,
    ['--input-type=module', '-e', `for (const e of ${JSON.stringify(entries)}) await import(e);`],
    vite,
  );
  // The simulator needs msw 3, which ships ES modules only: require() of it is Node 22.12's.
  run(process.execPath, ['-e', `for (const e of ${JSON.stringify(entries)}) require(e);`], vite);
  console.log(`   ${entries.length} entries: ${entries.join(', ')}`);

  step('type-check it (tsc, libraries checked) and build it (vite build)');
  run(join(vite, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], vite);
  run(join(vite, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], vite);

  step('a fresh Next.js App Router app: install from the tarballs');
  const next = install('next-app', nextApp(v));

  step('build it (next build: compiles and type-checks)');
  run(join(next, 'node_modules/.bin/next'), ['build'], next);

  step('done');
  console.log(
    `✔ check-install: the packed packages install, load, type-check and build in a fresh Vite app and a fresh Next.js app in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  if (process.env.KEEP_INSTALL_CHECK) console.log(`   kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
