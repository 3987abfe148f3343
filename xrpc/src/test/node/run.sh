#!/usr/bin/env bash
# Builds the demo server, starts it in dev mode on a free loopback port with a throw-away data directory, runs the
# @atproto/api client test against it, and stops it. Exits with the client test's status.
#
#   bash xrpc/src/test/node/run.sh            (from the repository root, or from anywhere)
#
# Environment: SKIP_BUILD=1 reuses an already built demo jar; PDS_PORT picks the port (default: a free one).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"

if [ "${SKIP_BUILD:-}" != "1" ]; then
  (cd "$root" && mvn -B -ntp -pl xrpc -am package -DskipTests)
fi
jar="$root/xrpc/target/pdsaccounts-xrpc-demo.jar"

if [ ! -d "$here/node_modules/@atproto/api" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

port="${PDS_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
data="$(mktemp -d)"
log="$data/demo.log"
admin_password="client-test-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"

PDS_ADMIN_PASSWORD="$admin_password" java -jar "$jar" --dev --port "$port" --data "$data" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

url="http://127.0.0.1:$port"
healthy() {
  node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$url/xrpc/_health"
}
for _ in $(seq 1 120); do
  if healthy; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the demo server exited:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
if ! healthy; then
  echo "the demo server did not start in time:" >&2
  cat "$log" >&2
  exit 1
fi

status=0
(cd "$here" && PDS_URL="$url" PDS_ADMIN_PASSWORD="$admin_password" node client-test.mjs) || status=$?
if [ "$status" != "0" ]; then
  echo "--- demo server log ---" >&2
  cat "$log" >&2
fi
exit "$status"
