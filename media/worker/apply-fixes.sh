#!/usr/bin/env bash
# Source fixes that let the mediasoup 3.8.4 worker (all C++ deps vendored in its npm
# tarball) build offline with today's toolchains. Applied by build-worker.sh to a COPY
# of node_modules/mediasoup/worker, never to node_modules itself.
# The sha256 of this file is part of the worker cache key (build-worker.sh, locate.ts):
# changing a fix here forces a rebuild.
#
# Usage: apply-fixes.sh <worker-source-dir>
# Idempotent: a fix already present is left alone; a pattern that is neither fixed nor
# found stops the build (the source is not the one these fixes were written for).
set -euo pipefail

src="${1:?usage: apply-fixes.sh <worker-source-dir>}"

fail() { echo "apply-fixes: $*" >&2; exit 1; }

# 1. gyp uses collections.MutableSet, removed in Python 3.10.
gyp_common="$src/deps/gyp/pylib/gyp/common.py"
[ -f "$gyp_common" ] || fail "missing $gyp_common"
if grep -q 'collections\.abc\.MutableSet' "$gyp_common"; then
  echo "apply-fixes: gyp collections.abc already applied"
elif grep -q 'collections\.MutableSet' "$gyp_common"; then
  sed -i -e 's/^import collections$/import collections\nimport collections.abc/' \
         -e 's/collections\.MutableSet/collections.abc.MutableSet/' "$gyp_common"
  grep -q '^import collections\.abc$' "$gyp_common" || fail "could not add 'import collections.abc' to $gyp_common"
  echo "apply-fixes: gyp collections.abc applied"
else
  fail "neither collections.MutableSet nor its fix found in $gyp_common"
fi

# 2. abseil: std::max(SIGSTKSZ, 65536) does not compile with glibc >= 2.34, where
#    SIGSTKSZ is a long expression (deduction conflict long vs int).
absl_fsh="$src/deps/libwebrtc/deps/abseil-cpp/abseil-cpp/absl/debugging/failure_signal_handler.cc"
[ -f "$absl_fsh" ] || fail "missing $absl_fsh"
if grep -q 'std::max<size_t>(SIGSTKSZ' "$absl_fsh"; then
  echo "apply-fixes: abseil std::max<size_t> already applied"
elif grep -q 'std::max(SIGSTKSZ' "$absl_fsh"; then
  sed -i 's/std::max(SIGSTKSZ/std::max<size_t>(SIGSTKSZ/' "$absl_fsh"
  echo "apply-fixes: abseil std::max<size_t> applied"
else
  fail "neither std::max(SIGSTKSZ nor its fix found in $absl_fsh"
fi

# 3. PYTHON=python3 is passed to make by build-worker.sh (the Makefile prefers a
#    python2 command, which here is a pyenv shim that fails); nothing to patch.
