#!/usr/bin/env bash
# `pnpm test`: every check a change must pass, in the order that fails fastest. Runs on Node 24
# (`pnpm test` starts it through scripts/with-node.sh); the packages' unit tests run on Node 22 too.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
last=$SECONDS
step() {
  [ "$last" -eq "$started" ] || printf '   (%ds)\n' $((SECONDS - last))
  last=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$*"
}

echo "test: Node $(node --version) ($(command -v node))"
step lint
pnpm lint
step "typecheck (TypeScript 7)"
pnpm typecheck
step "build (packages, demo, Next.js example)"
pnpm build
step "bundle budgets, browser-bundle leaks, package exports, changesets"
pnpm size
pnpm check:bundles
pnpm check:packages
pnpm check:changesets
step "install check: the packed packages in a fresh Vite app and a fresh Next.js app (tarballs, no workspace links)"
pnpm check:install
step "published declarations in TypeScript 5.7 (oldest supported), 5.9 and 7"
pnpm check:types
step "unit, component, Chromium browser and story tests (Node 24; msw 2 + 3, ioredis 5 + 6)"
ENGINES=chromium pnpm test:unit
# The same browser-mode test files in the other engines (README, Testing): one step each, so the
# log shows the time per engine.
step "browser tests in Firefox ESR (WebDriver BiDi)"
ENGINES=firefox pnpm test:browsers
step "browser tests in WebKitGTK (WebKitWebDriver under xvfb-run)"
ENGINES=webkit pnpm test:browsers
step "the packages' unit tests on Node 22"
pnpm test:node22
step "Storybook static build, visual regression of the prompt stories (desktop + mobile)"
pnpm storybook:build
pnpm test:visual
step "end-to-end tests"
pnpm test:e2e
# The demo's main paths, one spec source, in each engine (README, Testing): Chromium through the
# Playwright driver proves the page API itself; one step each, so the log shows the time per engine.
step "demo e2e main paths in Chromium (Playwright)"
ENGINES=chromium pnpm test:e2e:engines
# The demo's hot-reload mode (`pnpm dev:server` + `pnpm dev`): Vite's dev proxy in front of the
# server must keep the kit's same-origin check passing (issue 21).
step "demo hot-reload mode (vite dev proxy + dev:server): e2e main paths in Chromium"
pnpm test:e2e:dev
step "demo e2e main paths in Firefox ESR (puppeteer-core, WebDriver BiDi)"
ENGINES=firefox pnpm test:e2e:engines
step "demo e2e main paths in WebKitGTK (webdriverio, WebKitWebDriver under xvfb-run)"
ENGINES=webkit pnpm test:e2e:engines
step done
printf 'test: all passed in %ds\n' $((SECONDS - started))
