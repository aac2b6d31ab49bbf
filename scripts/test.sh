#!/usr/bin/env bash
# `pnpm test`: every check a change must pass, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step lint
pnpm lint
step typecheck
pnpm typecheck
step "build (packages, demo, Next.js example)"
pnpm build
step "bundle budgets, browser-bundle leaks, package exports"
pnpm size
pnpm check:bundles
pnpm check:packages
step "unit, component, browser and story tests"
pnpm test:unit
step "Storybook static build, visual regression of the prompt stories (desktop + mobile)"
pnpm storybook:build
pnpm test:visual
step "end-to-end tests"
pnpm test:e2e
