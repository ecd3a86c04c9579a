#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's server, a cluster in a temporary folder,
# listening on a free loopback port only, gone when stopped.
#
# Sourced (scripts/test): `ensure_postgres; postgres_start` exports the connection in
# MODEL_DELIVERY_POSTGRES_{HOST,PORT,USER,PASSWORD} (what app-config.replicas.yaml reads)
# and as backend-test-utils' BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING;
# the caller traps `postgres_stop`.
# Run: `scripts/lib/postgres.sh <command...>` runs the command with a PostgreSQL up and
# stops it afterwards, e.g. `scripts/lib/postgres.sh yarn playwright test e2e-tests/replicas.spec.ts`.
# With MODEL_DELIVERY_POSTGRES_HOST already set it starts nothing: one server per run.
# shellcheck shell=bash

# The newest installed server's binaries (Debian keeps them out of PATH).
postgres_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_postgres() {
  if postgres_bindir >/dev/null; then return; fi
  say "installing Debian's postgresql for the two-replica test"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 \
    || die "could not install postgresql (apt-get install postgresql needs root)"
  # Debian's package starts a system-wide cluster on 5432; the tests never use it.
  postgres_bindir >/dev/null || die "postgresql installed, but no initdb under /usr/lib/postgresql"
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the package's own
# `postgres` user and every server command runs as that user.
_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_pg_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

postgres_start() {
  local bindir; bindir=$(postgres_bindir) || die "no PostgreSQL server installed (ensure_postgres)"
  # As root, /tmp: the postgres user must reach the folder, which a root TMPDIR may deny.
  local tmp=${TMPDIR:-/tmp}; [ "$(id -u)" -eq 0 ] && tmp=/tmp
  MODEL_DELIVERY_POSTGRES_DIR=$(mktemp -d "$tmp/md-postgres-XXXXXX")
  export MODEL_DELIVERY_POSTGRES_DIR
  local dir=$MODEL_DELIVERY_POSTGRES_DIR
  # Its own password, written only into a file initdb reads and the environment of
  # this run's processes; never printed.
  local password; password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$password" > "$dir/pwfile")
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
  _pg_as_owner "$bindir/initdb" -D "$dir/data" -U backstage --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"
  local port; port=$(_pg_free_port)
  # Loopback TCP only; its socket in the temporary folder, not /var/run/postgresql.
  # Backstage opens a pool per plugin database on each replica: 200 connections leave room
  # for two replicas and the tests.
  _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off" >/dev/null \
    || { cat "$dir/server.log" >&2; die "PostgreSQL did not start (log above)"; }
  export MODEL_DELIVERY_POSTGRES_HOST=127.0.0.1
  export MODEL_DELIVERY_POSTGRES_PORT=$port
  export MODEL_DELIVERY_POSTGRES_USER=backstage
  export MODEL_DELIVERY_POSTGRES_PASSWORD=$password
  local version; version=$("$bindir/postgres" --version | awk '{print $3}')
  # The same server for backend tests that ask @backstage/backend-test-utils'
  # TestDatabases for this major version (they create and drop their own databases).
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${version%%.*}_CONNECTION_STRING=postgresql://backstage:$password@127.0.0.1:$port"
  say "PostgreSQL $version on 127.0.0.1:$port (data in $dir)"
}

# Safe to call twice, or when the start failed half-way.
postgres_stop() {
  local dir=${MODEL_DELIVERY_POSTGRES_DIR:-}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  local bindir; bindir=$(postgres_bindir) || true
  if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
    _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  unset MODEL_DELIVERY_POSTGRES_DIR
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -gt 0 ] || { echo "usage: $0 <command...>" >&2; exit 2; }
  source "$(dirname "$0")/toolchain.sh"
  if [ -n "${MODEL_DELIVERY_POSTGRES_HOST:-}" ]; then exec "$@"; fi
  ensure_postgres
  trap postgres_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  postgres_start
  status=0
  "$@" || status=$?
  exit "$status"
fi
