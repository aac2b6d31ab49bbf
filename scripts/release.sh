#!/usr/bin/env bash
# `pnpm release`: publishes every public package whose version is not on npm yet, with provenance.
# The release path (README, Releasing):
#   1. each user-visible change lands with a changeset (.changeset/*.md, `pnpm changeset`);
#   2. `pnpm version-packages` (changeset version) turns them into versions and CHANGELOG.md
#      entries, in a commit of its own;
#   3. CI runs `pnpm release` on that commit: GitHub Actions with `permissions: id-token: write`
#      (npm's provenance statement is signed with the workflow's identity) and an npm token or
#      trusted publishing.
# `changeset publish` publishes through `pnpm publish` (workspace: ranges become versions) and
# skips private packages: the demo and the Next.js example are never packed or published.
# `pnpm release --dry-run` packs and checks everything and publishes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm build
pnpm check:packages
pnpm check:install
if [ "${1:-}" = --dry-run ]; then
  pnpm -r --filter './packages/*' publish --dry-run --no-git-checks
  exit 0
fi
# publishConfig.provenance asks npm for the statement; the variable asks pnpm's publish for it too.
NPM_CONFIG_PROVENANCE=true pnpm exec changeset publish
