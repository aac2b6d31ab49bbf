#!/usr/bin/env bash
# `pnpm test`: every check a change must pass, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step lint
pnpm lint
step typecheck
pnpm typecheck
step build
pnpm build
step "unit, component and browser tests"
pnpm test:unit
step "end-to-end tests"
pnpm test:e2e
