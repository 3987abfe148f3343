#!/usr/bin/env bash
# Brings up a local PostgreSQL for the store-jdbc tests, idempotently, on a Debian machine (run as root).
# Installs the server if missing, starts the first cluster, waits until it accepts connections, creates the
# role and database "app" (password "app") if absent, and prints the JDBC URL on its last line, for
#   mvn -B -ntp verify -Dpdsaccounts.test.postgres.url="$(.ci/postgres.sh | tail -n 1)"
set -euo pipefail

PG_USER="${PG_USER:-app}"
PG_PASSWORD="${PG_PASSWORD:-app}"
PG_DB="${PG_DB:-app}"
PG_HOST=127.0.0.1
PG_PORT=5432

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# The newest installed major version, and its cluster (create "main" if the package left none).
PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  log "creating cluster $PG_VERSION/main"
  pg_createcluster "$PG_VERSION" main >&2
fi

if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
  log "starting cluster $PG_VERSION/main"
  pg_ctlcluster "$PG_VERSION" main start >&2 || service postgresql start >&2
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    break
  fi
  sleep 0.5
done
if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" >&2; then
  log "PostgreSQL did not become ready on $PG_HOST:$PG_PORT"
  exit 1
fi

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
  log "creating role $PG_USER"
  psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN PASSWORD '$PG_PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  log "creating database $PG_DB"
  psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >&2
fi

echo "jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?user=$PG_USER&password=$PG_PASSWORD"
