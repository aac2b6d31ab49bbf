// `pnpm check:changesets`: the changesets must be releasable. Two checks, because CI runs on a fresh
// clone of main, where `changeset status --since=origin/main` compares main with itself and passes
// whatever is in .changeset/:
// 1. Always: every .changeset/*.md parses (@changesets/read, the parser `changeset version` uses),
//    names only workspace packages (none is fine: `changeset --empty`, for repository-only work) that are published (not private, not in config `ignore`), with a
//    known bump type, and has a summary. A typo here would otherwise surface only at release time.
// 2. When a base ref exists and HEAD is ahead of it (a branch, a pull request): `changeset status
//    --since=<base>`, which fails when a changed package has no changeset. The base is
//    $CHANGESET_BASE, else origin/main, else main.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import readChangesets from '@changesets/read';
import { getPackages } from '@manypkg/get-packages';

const root = new URL('..', import.meta.url).pathname;
const config = JSON.parse(await readFile(new URL('../.changeset/config.json', import.meta.url)));
const { packages } = await getPackages(root);
const releasable = new Set(
  packages
    .filter((p) => !p.packageJson.private && !config.ignore.includes(p.packageJson.name))
    .map((p) => p.packageJson.name),
);
const BUMPS = new Set(['major', 'minor', 'patch', 'none']);

const problems = [];
const changesets = await readChangesets(root).catch((error) => {
  console.error(`check-changesets: a changeset does not parse: ${error.message}`);
  process.exit(1);
});
for (const { id, summary, releases } of changesets) {
  if (!summary.trim()) problems.push(`${id}.md has no summary`);
  for (const { name, type } of releases) {
    if (!releasable.has(name)) problems.push(`${id}.md names ${name}, not a published package`);
    if (!BUMPS.has(type)) problems.push(`${id}.md gives ${name} the bump "${type}"`);
  }
}
if (problems.length > 0) {
  console.error(`check-changesets:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-changesets: ${changesets.length} changesets parse and name published packages`);

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const exists = (ref) => {
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
};
const base = [process.env.CHANGESET_BASE, 'origin/main', 'main'].find((ref) => ref && exists(ref));
if (!base || git('rev-list', '--count', `${base}..HEAD`) === '0') {
  console.log('check-changesets: HEAD is not ahead of a base ref; `changeset status` skipped');
} else {
  console.log(`check-changesets: changeset status --since=${base}`);
  try {
    execFileSync('pnpm', ['exec', 'changeset', 'status', `--since=${base}`], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    process.exit(1); // changeset status has printed why
  }
}
