#!/usr/bin/env bash
# Builds the demo server, starts it in dev mode on a free loopback port with a throw-away data directory (SQLite),
# runs the @atproto/api client test against it, and stops it. When PDSACCOUNTS_TEST_POSTGRES_URL is set (a
# PostgreSQL JDBC URL, as CI sets it), it then starts two demo instances on one fresh schema of that database and
# runs the two-instance test (sign up on one, log in and refresh on the other). Exits non-zero on any failure.
#
#   bash xrpc/src/test/node/run.sh            (from the repository root, or from anywhere)
#
# Environment: SKIP_BUILD=1 reuses an already built demo jar; PDS_PORT picks the SQLite demo's port (default: a
# free one); PDSACCOUNTS_TEST_POSTGRES_URL adds the two-instance run.
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

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

work="$(mktemp -d)"
pids=()
schema=""
pg_url="${PDSACCOUNTS_TEST_POSTGRES_URL:-}"
sql() {
  # One SQL statement through the PostgreSQL driver inside the demo jar (no psql needed).
  cat >"$work/Sql.java" <<'JAVA'
public class Sql {
    public static void main(String[] a) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(a[0]); var s = c.createStatement()) {
            s.execute(a[1]);
        }
    }
}
JAVA
  java -cp "$jar" "$work/Sql.java" "$pg_url" "$1"
}
cleanup() {
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [ -n "$schema" ]; then
    sql "DROP SCHEMA IF EXISTS $schema CASCADE" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

admin_password="client-test-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")"

# start_demo NAME PORT ARGS...: starts a demo in the background, waits until it answers /xrpc/_health.
start_demo() {
  local name="$1" port="$2"
  shift 2
  local log="$work/$name.log"
  mkdir -p "$work/$name"
  PDS_ADMIN_PASSWORD="$admin_password" java -jar "$jar" --dev --port "$port" --data "$work/$name" "$@" >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local url="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    if node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$url/xrpc/_health"; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the demo server $name exited:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "the demo server $name did not start in time:" >&2
  cat "$log" >&2
  exit 1
}

show_logs() {
  for f in "$work"/*.log; do
    echo "--- $(basename "$f") ---" >&2
    cat "$f" >&2
  done
}

echo "== @atproto/api client against the SQLite demo"
port="${PDS_PORT:-$(free_port)}"
start_demo sqlite "$port"
if ! (cd "$here" && PDS_URL="http://127.0.0.1:$port" PDS_ADMIN_PASSWORD="$admin_password" node client-test.mjs); then
  show_logs
  exit 1
fi

if [ -n "$pg_url" ]; then
  echo "== @atproto/api client against two demo instances on one PostgreSQL database"
  schema="two_$(node -e "console.log(require('crypto').randomBytes(6).toString('hex'))")"
  sql "CREATE SCHEMA $schema"
  case "$pg_url" in *\?*) db_url="$pg_url&currentSchema=$schema" ;; *) db_url="$pg_url?currentSchema=$schema" ;; esac
  jwt_secret="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
  plc_key="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
  port_a="$(free_port)"
  port_b="$(free_port)"
  # Both instances share the database (accounts, tokens, rate limits) and the JWT secret.
  start_demo pg-a "$port_a" --db-url "$db_url" --jwt-secret "$jwt_secret" --plc-rotation-key "$plc_key"
  start_demo pg-b "$port_b" --db-url "$db_url" --jwt-secret "$jwt_secret" --plc-rotation-key "$plc_key"
  if ! (cd "$here" && PDS_URL_A="http://127.0.0.1:$port_a" PDS_URL_B="http://127.0.0.1:$port_b" \
        PDS_ADMIN_PASSWORD="$admin_password" node two-instance-test.mjs); then
    show_logs
    exit 1
  fi
fi
