#!/usr/bin/env node
// `pnpm check:packages`: every publishable package, as it would be published, passes publint
// (strict: warnings fail too) and Are the Types Wrong (`attw`, ESM + CJS + types, profile node16:
// node16-cjs, node16-esm and bundler resolution). Run after `pnpm build`.
//
// Each package is packed ONCE with `pnpm pack` (so `workspace:` ranges are rewritten and `files`
// applies exactly as on publish) and both tools read that tarball.
//
// Usage: node scripts/check-packages.mjs [package-folder …]   (default: every packages/* folder)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('..', import.meta.url));
const attw = join(root, 'node_modules/.bin/attw');

const folders = process.argv.slice(2).length
  ? process.argv.slice(2).map((arg) => arg.replace(/^packages\//, '').replace(/\/$/, ''))
  : readdirSync(join(root, 'packages'));

const packages = folders
  .map((folder) => ({ folder, dir: join(root, 'packages', folder) }))
  .filter(({ dir }) => existsSync(join(dir, 'package.json')))
  .map((p) => ({ ...p, pkg: JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);

const failures = [];
const work = mkdtempSync(join(tmpdir(), 'check-packages-'));

try {
  for (const { folder, dir, pkg } of packages) {
    console.log(`\n━━ ${pkg.name} (packages/${folder})`);
    if (!existsSync(join(dir, 'dist'))) {
      failures.push(`${pkg.name}: no dist/; run \`pnpm build\` first`);
      console.log(`  ✘ no dist/; run \`pnpm build\` first`);
      continue;
    }

    // Pack as on publish.
    const dest = join(work, folder);
    execFileSync('pnpm', ['pack', '--silent', '--pack-destination', dest], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(dest).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${pkg.name}`);
    const tarballPath = join(dest, tarball);

    // publint, strict: warnings are failures, suggestions are printed.
    const bytes = readFileSync(tarballPath);
    const { messages, pkg: packedPkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    const errors = messages.filter((m) => m.type === 'error');
    for (const m of messages) {
      console.log(
        `  publint ${m.type}: ${formatMessage(m, packedPkg, { color: false }) ?? m.code}`,
      );
    }
    if (errors.length > 0) failures.push(`${pkg.name}: publint found ${errors.length} problem(s)`);
    else console.log(`  ✔ publint (strict): no errors or warnings`);

    // attw on the same tarball.
    // Stylesheets (`./styles.css`) are exports but not modules: nothing for attw to resolve.
    const assets = Object.entries(pkg.exports ?? {})
      .filter(([, target]) =>
        /\.css$/.test(typeof target === 'string' ? target : (target?.default ?? '')),
      )
      .map(([subpath]) => subpath);
    const result = spawnSync(
      attw,
      [
        tarballPath,
        '--profile',
        'node16',
        ...(assets.length ? ['--exclude-entrypoints', ...assets] : []),
        '--format',
        'table-flipped',
        '--no-emoji',
        '--no-color',
      ],
      { encoding: 'utf8' },
    );
    const out = `${result.stdout}${result.stderr}`.trim();
    console.log(out.replace(/^/gm, '  '));
    // attw exits 0 for a package without any types; for us that is a failure.
    const untyped = out.includes('does not contain types');
    if (result.status !== 0) failures.push(`${pkg.name}: attw found problems`);
    else if (untyped)
      failures.push(`${pkg.name}: the packed package contains no type declarations`);
    else console.log(`  ✔ attw (node16-cjs, node16-esm, bundler)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log('');
if (packages.length === 0) failures.push('no publishable package found under packages/');
if (failures.length > 0) {
  for (const f of failures) console.log(`✘ ${f}`);
  process.exit(1);
}
console.log(
  `✔ check-packages: ${packages.map((p) => p.pkg.name).join(', ')} pass publint and attw`,
);
