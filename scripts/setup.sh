#!/usr/bin/env bash
# One setup step for `npm start` and `npm test` (not an npm lifecycle hook: dependency
# install scripts stay off). Idempotent and quick when everything is already there:
#   1. FFmpeg/ffprobe (recording), Chromium (browser tests), pocketsphinx + its English model,
#      espeak-ng and sox (caption tests), nginx + its rtmp module (broadcast tests) from Debian
#      when missing and we are root with apt-get; otherwise a warning says what to install.
#   2. The mediasoup worker, built offline once and cached outside node_modules.
#   3. The browser client (client/dist), served by Tribune.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
{ command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || missing+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Captions (the pocketsphinx engine and its small English model; espeak-ng and sox make the
# tests' speech) and broadcast (the RTMP test's receiving nginx with its rtmp module).
command -v pocketsphinx_continuous >/dev/null 2>&1 || missing+=(pocketsphinx)
[ -d /usr/share/pocketsphinx/model/en-us ] || missing+=(pocketsphinx-en-us)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || missing+=(sox)
had_nginx=yes
command -v nginx >/dev/null 2>&1 || { missing+=(nginx); had_nginx=no; }
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing+=(libnginx-mod-rtmp)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get install ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian starts the nginx it installs on port 80; Tribune's tests start their own.
    if [ "$had_nginx" = no ]; then nginx -s quit >/dev/null 2>&1 || true; fi
  else
    echo "setup: warning: missing ${missing[*]} (recording needs ffmpeg, browser tests need chromium, caption tests pocketsphinx, pocketsphinx-en-us, espeak-ng and sox, broadcast tests nginx with libnginx-mod-rtmp): install them with your package manager" >&2
  fi
fi

# The npm fallbacks of FFmpeg/ffprobe (optional dependencies) ship their binary in the
# tarball; their postinstall only makes it executable, and install scripts are off.
find node_modules/@ffmpeg-installer node_modules/@ffprobe-installer -maxdepth 2 -type f \
  \( -name ffmpeg -o -name ffprobe \) -exec chmod u+x {} + 2>/dev/null || true

# First build: ~10 min on 2 cores, then reused.
npm run --silent media:worker >&2
npm run --silent client:build >/dev/null
echo "setup: mediasoup worker and browser client ready" >&2
