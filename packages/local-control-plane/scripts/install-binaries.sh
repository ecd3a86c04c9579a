#!/usr/bin/env bash
# Makes etcd, kube-apiserver and kube-controller-manager available without Docker and prints
# the folder holding the three.
#
# Debian 12 packages etcd but neither Kubernetes server, so both are built once, in one `make`
# run, from Debian's `kubernetes` source package (1.20.2, Go dependencies vendored) and cached
# outside the repository, keyed by version and by the set of programs: only the first run on a
# machine pays for the build, and a cache made before kube-controller-manager was added is
# built again.
# docs/local-control-plane.md explains each step.
set -euo pipefail

K8S_DEB_VERSION="1.20.5+really1.20.2"
CACHE_ROOT="${MODEL_DELIVERY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/model-delivery}"
# The folder's name says what it holds: `kube-apiserver-<version>` (the folder before
# kube-controller-manager was added) is not read.
OUT="$CACHE_ROOT/kubernetes-servers-$K8S_DEB_VERSION"
PROGRAMS=(kube-apiserver kube-controller-manager)
# etcd runs every time; the rest only builds the Kubernetes servers.
RUNTIME_PACKAGES=(etcd-server)
BUILD_PACKAGES=(golang-go rsync golang-github-modern-go-reflect2-dev)

log() { echo "[install-binaries] $*" >&2; }
die() {
  echo "[install-binaries] $*" >&2
  echo "[install-binaries] Set KUBEBUILDER_ASSETS to a folder holding kube-apiserver, kube-controller-manager and etcd (the envtest convention) to skip this step." >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || die "needs root for: $* (sudo -n failed)"
  else die "needs root for: $*"
  fi
}

servers_ready() {
  local p
  for p in "${PROGRAMS[@]}"; do
    [ -x "$OUT/$p" ] && "$OUT/$p" --version >/dev/null 2>&1 || return 1
  done
}
ready() { servers_ready && [ -x "$OUT/etcd" ]; }

ensure_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ "${#missing[@]}" -gt 0 ] || return 0
  command -v apt-get >/dev/null 2>&1 || die "this machine has no apt-get to install ${missing[*]}."
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >&2 || die "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
    || die "apt-get install ${missing[*]} failed"
}

if ready; then echo "$OUT"; exit 0; fi

mkdir -p "$CACHE_ROOT"
# Two test runs starting together must not build twice into the same folder.
exec 9>"$CACHE_ROOT/.install-binaries.lock"
flock 9
if ready; then echo "$OUT"; exit 0; fi

ensure_packages "${RUNTIME_PACKAGES[@]}"
if servers_ready; then
  ln -sfn "$(command -v etcd)" "$OUT/etcd"
  ready || die "etcd is installed but $OUT/etcd does not run"
  echo "$OUT"; exit 0
fi
ensure_packages "${BUILD_PACKAGES[@]}"

work="$CACHE_ROOT/build-$K8S_DEB_VERSION"
rm -rf "$work"; mkdir -p "$work/lists/partial"
# A private deb-src list, so the system's apt sources are never edited.
mirror=$( { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
            grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
              | sed -E 's/\[[^]]*\]//' | awk '{print $2}'; } | grep -v security | head -n 1 || true)
[ -n "$mirror" ] || die "cannot find the Debian mirror in /etc/apt/sources.list*"
echo "deb-src $mirror bookworm main" > "$work/sources.list"
apt_src=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=-" -o "Dir::State::Lists=$work/lists")
log "downloading Debian's kubernetes source package from $mirror"
apt-get "${apt_src[@]}" update -qq >&2 || die "apt-get update of the deb-src list failed"
(cd "$work" && apt-get "${apt_src[@]}" source --download-only kubernetes >&2) \
  || die "downloading the kubernetes source package failed"

src="$work/src"; mkdir -p "$src"
ls "$work"/kubernetes_"$K8S_DEB_VERSION".orig.tar.* >/dev/null 2>&1 || die "Debian no longer ships kubernetes $K8S_DEB_VERSION; set KUBEBUILDER_ASSETS"
tar -xf "$work"/kubernetes_"$K8S_DEB_VERSION".orig.tar.* -C "$src" --strip-components=1
# The vendored reflect2 v1.0.1 crashes Go >= 1.18 at the first map encode; Debian ships v1.0.2.
reflect2_src=$(dpkg -L golang-github-modern-go-reflect2-dev | grep -E '/reflect2\.go$' | head -n 1 | xargs dirname)
rm -rf "$src/vendor/github.com/modern-go/reflect2"; mkdir -p "$src/vendor/github.com/modern-go/reflect2"
cp "$reflect2_src"/*.go "$reflect2_src"/*.s "$src/vendor/github.com/modern-go/reflect2/" 2>/dev/null \
  || cp "$reflect2_src"/*.go "$src/vendor/github.com/modern-go/reflect2/"
mkdir -p "$src/.go/src/k8s.io" && ln -s ../../.. "$src/.go/src/k8s.io/kubernetes"

log "building ${PROGRAMS[*]} (about 5-6 minutes on 2 cores, once per machine)"
# One make run: the packages both servers share are compiled once.
(cd "$src/.go/src/k8s.io/kubernetes" && GOPATH="$src/.go" GOCACHE="$work/gocache" CGO_ENABLED=0 \
  make WHAT="${PROGRAMS[*]/#/cmd/}" >&2) || die "building ${PROGRAMS[*]} failed (log above)"

tmp_out="$OUT.tmp.$$"; rm -rf "$tmp_out"; mkdir -p "$tmp_out"
for p in "${PROGRAMS[@]}"; do cp "$src/_output/bin/$p" "$tmp_out/"; done
ln -s "$(command -v etcd)" "$tmp_out/etcd"
rm -rf "$OUT"; mv "$tmp_out" "$OUT"
rm -rf "$work"
ready || die "the built ${PROGRAMS[*]} do not run"
log "${PROGRAMS[*]} cached in $OUT"
echo "$OUT"
