#!/usr/bin/env node
// `pnpm check:types`: the published declarations read cleanly in every TypeScript we support,
// from the oldest (5.7: the first whose lib types typed arrays as generics, which our Fetch
// transport types use) through the current 5.x to 7 (the native compiler). Compiles
// scripts/type-tests/consumer.* (every public entry of each built package, as an app imports it)
// with each compiler, under Node's resolution (ESM + CJS) and a bundler's. Libraries are checked
// too (`skipLibCheck: false`), so a declaration our build emits that an older compiler cannot
// parse fails here. Run after `pnpm build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(root, 'scripts/type-tests');

/** The compilers of the matrix: devDependencies of the root (aliases beside `typescript`). */
const compilers = [
  { name: 'TypeScript 5.7 (oldest supported)', tsc: 'node_modules/typescript-5.7/lib/tsc.js' },
  { name: 'TypeScript 5.9', tsc: 'node_modules/typescript/lib/tsc.js' },
  { name: 'TypeScript 7', tsc: 'node_modules/typescript-7/bin/tsc' },
];
// Node's resolution with each compiler; the bundler's view once (with the fast one).
const runs = compilers.flatMap((compiler) => [
  { ...compiler, config: 'tsconfig.json' },
  ...(compiler.tsc.includes('typescript-7')
    ? [{ ...compiler, config: 'tsconfig.bundler.json' }]
    : []),
]);

// The fixture resolves `@upsell-kit/*` like an installed app: through node_modules, to the
// packages' package.json `exports` and their dist/ declarations.
const scope = join(fixture, 'node_modules/@upsell-kit');
rmSync(scope, { recursive: true, force: true });
mkdirSync(scope, { recursive: true });
for (const folder of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', folder);
  if (!existsSync(join(dir, 'package.json'))) continue;
  if (!existsSync(join(dir, 'dist'))) {
    console.error(`check-types: packages/${folder} has no dist/; run \`pnpm build\` first`);
    process.exit(1);
  }
  symlinkSync(join('../../../../packages', folder), join(scope, folder));
}

let failed = 0;
for (const { name, tsc, config } of runs) {
  const run = spawnSync(process.execPath, [join(root, tsc), '-p', join(fixture, config)], {
    cwd: root,
    encoding: 'utf8',
  });
  const version = spawnSync(process.execPath, [join(root, tsc), '--version'], {
    encoding: 'utf8',
  }).stdout.trim();
  const ok = run.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${version}), ${config}`);
  if (!ok) {
    failed += 1;
    process.stdout.write(run.stdout + run.stderr);
  }
}

if (failed) {
  console.error(`\ncheck-types: ${failed} compile(s) failed: the declarations above need a fix`);
  process.exit(1);
}
