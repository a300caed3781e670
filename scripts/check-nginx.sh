#!/usr/bin/env bash
# Checks deploy/nginx.conf the way CI can without Docker: Debian's nginx (installed when
# missing), a throwaway self-signed certificate made by openssl in a temporary directory,
# the app nodes' Docker host names pointed at a local port, then
#   1. `nginx -t` on the configuration;
#   2. handshakes against it, run for a moment on a free port: TLS 1.3 and TLS 1.2 with
#      ECDHE + AEAD succeed; TLS 1.1, TLS 1.2 without ECDHE and TLS 1.2 with CBC fail;
#      the answer carries HSTS.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null 2>&1; then
  echo "== nginx missing: installing Debian's"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx >/dev/null; }
fi
NGINX="$(command -v nginx)"

TMP="$(mktemp -d)"
cleanup() {
  if [[ -f "$TMP/nginx.pid" ]]; then kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$TMP/tls" "$TMP/logs" "$TMP/temp" "$TMP/cache"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj "/CN=tribune.test" -keyout "$TMP/tls/privkey.pem" -out "$TMP/tls/fullchain.pem" 2>/dev/null

PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# The configuration under test, with only what cannot exist here changed: the
# certificate paths, the Docker host names of the nodes, the HTTPS port; the plain-HTTP
# redirect server is left out (port 80 may be taken on this machine).
python3 - deploy/nginx.conf "$TMP" "$PORT" > "$TMP/tribune.conf" <<'PY'
import re, sys
conf, tmp, port = sys.argv[1:4]
s = open(conf).read()
s = s.replace("/etc/nginx/tls/", f"{tmp}/tls/")
s = s.replace("/var/cache/nginx/", f"{tmp}/cache/")
s = re.sub(r"(\n  server app\d+:3000;)+", "\n  server 127.0.0.1:9;", s)
s = s.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
s, n = re.subn(r"server \{\n  listen 80;.*?\n\}\n", "", s, count=1, flags=re.S)
assert n == 1, "the plain-HTTP server block was not found"
sys.stdout.write(s)
PY
cat > "$TMP/nginx.conf" <<CONF
pid $TMP/nginx.pid;
error_log $TMP/logs/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $TMP/temp/body;
  proxy_temp_path $TMP/temp/proxy;
  fastcgi_temp_path $TMP/temp/fastcgi;
  uwsgi_temp_path $TMP/temp/uwsgi;
  scgi_temp_path $TMP/temp/scgi;
  include $TMP/tribune.conf;
}
CONF

echo "== nginx -t ($("$NGINX" -v 2>&1))"
"$NGINX" -t -q -p "$TMP" -c "$TMP/nginx.conf"

"$NGINX" -q -p "$TMP" -c "$TMP/nginx.conf" 2>/dev/null
for _ in $(seq 1 50); do [[ -s "$TMP/nginx.pid" ]] && break; sleep 0.1; done

handshake() { # expected (ok|fail), description, openssl s_client options...
  local expected="$1" what="$2"; shift 2
  if echo | timeout 5 openssl s_client -connect "127.0.0.1:$PORT" -servername tribune.test "$@" >/dev/null 2>&1; then got=ok; else got=fail; fi
  if [[ "$got" != "$expected" ]]; then echo "nginx.conf: $what: expected $expected, got $got" >&2; exit 1; fi
  echo "   $what: $got"
}
echo "== TLS handshakes"
handshake ok   "TLS 1.3"                        -tls1_3
handshake ok   "TLS 1.2 ECDHE-ECDSA-AES256-GCM" -tls1_2 -cipher ECDHE-ECDSA-AES256-GCM-SHA384
handshake ok   "TLS 1.2 ECDHE-ECDSA-CHACHA20"   -tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305
handshake fail "TLS 1.1"                        -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
handshake fail "TLS 1.2 CBC (ECDHE-ECDSA-AES128-SHA)" -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA
handshake fail "TLS 1.2 without ECDHE (AES256-GCM-SHA384)" -tls1_2 -cipher AES256-GCM-SHA384
if ! curl -skI "https://127.0.0.1:$PORT/" | grep -qi '^strict-transport-security: max-age=63072000; includeSubDomains'; then
  echo "nginx.conf: no HSTS header on the HTTPS answer" >&2; exit 1
fi
echo "   HSTS: ok"
