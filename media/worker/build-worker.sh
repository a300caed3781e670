#!/usr/bin/env bash
# Builds the mediasoup worker offline from node_modules/mediasoup (3.8.4 vendors all its
# C++ dependencies) and caches the binary outside node_modules, so `npm ci` never forces
# a rebuild. Idempotent: a cached binary that runs is reused.
#
#   cache:  ${TRIBUNE_CACHE_DIR:-$HOME/.cache/tribune}/mediasoup-worker/<version>-<key>/mediasoup-worker
#   key:    first 12 hex chars of sha256(apply-fixes.sh)  (same computation in locate.ts)
#
# Prints the binary path as the last line of stdout. Use it with
#   MEDIASOUP_WORKER_BIN=<path>   (media/worker/locate.ts finds it without the variable).
# Options (environment): MEDIASOUP_MAX_CORES caps make -j; TRIBUNE_WORKER_REBUILD=1
# ignores the cached binary; TRIBUNE_KEEP_WORKER_BUILD=1 keeps the build tree.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pkg="$root/node_modules/mediasoup"
fixes="$here/apply-fixes.sh"

log() { echo "build-worker: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -f "$pkg/package.json" ] || die "node_modules/mediasoup is missing: run npm ci first"
version="$(node -p "require('$pkg/package.json').version")"
[ -d "$pkg/worker/deps/libuv" ] || die "mediasoup $version does not vendor its worker deps (offline build needs 3.8.4)"
key="$(sha256sum "$fixes" | cut -c1-12)"

cache_root="${TRIBUNE_CACHE_DIR:-$HOME/.cache/tribune}/mediasoup-worker"
target_dir="$cache_root/$version-$key"
bin="$target_dir/mediasoup-worker"
build_dir="$cache_root/build-$version-$key"
mkdir -p "$cache_root"

# A real check, not just "the file exists": spawn it through the mediasoup Node library
# (the binary refuses to run without the env the library sets) and create a router.
check_binary() {
  [ -x "$1" ] || return 1
  (cd "$root" && MEDIASOUP_WORKER_BIN="$1" timeout 30 node --input-type=module -e "
    const ms = await import('mediasoup');
    const w = await ms.createWorker({ logLevel: 'warn' });
    const r = await w.createRouter({ mediaCodecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] });
    if (!r.rtpCapabilities.codecs?.length) throw new Error('router has no codecs');
    w.close();
  ") >&2
}

# One build at a time per cache entry (two shells, or CI steps, may race).
exec 9>"$cache_root/.lock-$version-$key"
flock 9

if [ "${TRIBUNE_WORKER_REBUILD:-0}" != "1" ] && [ -e "$bin" ]; then
  if check_binary "$bin"; then
    log "cached worker OK ($version, key $key)"
    echo "$bin"
    exit 0
  fi
  log "cached worker at $bin does not run; rebuilding"
  rm -f "$bin"
fi

# Fresh copy of the pristine worker source unless a previous (possibly interrupted)
# build of the same version and fixes left one: make is incremental.
if [ ! -f "$build_dir/.source-ready" ]; then
  rm -rf "$build_dir"
  mkdir -p "$build_dir"
  log "copying $pkg/worker to $build_dir/worker"
  cp -a "$pkg/worker" "$build_dir/worker"
  # The copied tree may carry a previous in-place build; start clean.
  rm -rf "$build_dir/worker/out"
  bash "$fixes" "$build_dir/worker" >&2
  touch "$build_dir/.source-ready"
else
  log "reusing source copy in $build_dir"
  bash "$fixes" "$build_dir/worker" >&2
fi

cores="$(nproc)"
if [ -n "${MEDIASOUP_MAX_CORES:-}" ] && [ "$MEDIASOUP_MAX_CORES" -lt "$cores" ]; then cores="$MEDIASOUP_MAX_CORES"; fi

log "building mediasoup-worker $version with $cores cores (takes minutes)"
start=$(date +%s)
# The Makefile skips the build entirely when MEDIASOUP_WORKER_BIN is set: unset it.
env -u MEDIASOUP_WORKER_BIN make -C "$build_dir/worker" PYTHON=python3 CORES="$cores" \
  MEDIASOUP_BUILDTYPE=Release >&2
log "build took $(( $(date +%s) - start ))s"

built="$build_dir/worker/out/Release/mediasoup-worker"
[ -x "$built" ] || die "make finished but $built is missing"
mkdir -p "$target_dir"
cp "$built" "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
check_binary "$bin" || die "the freshly built worker does not run: $bin"
log "worker OK"
# The build tree (~240 MB) only serves an interrupted build; the binary is what is cached.
if [ "${TRIBUNE_KEEP_WORKER_BUILD:-0}" != "1" ]; then rm -rf "$build_dir"; fi
echo "$bin"
