#!/usr/bin/env bash
# A throwaway PostgreSQL for the storage tests, from Debian's packages (/usr/lib/postgresql/*/bin),
# on 127.0.0.1 and a free port, in a temporary directory, trust authentication, fsync off.
#
#   scripts/pg-test-server.sh run -- cargo test -p prongsai --test server_storage
#       starts it, runs the command with PRONGSAI_TEST_POSTGRES_URL set, stops it, exits with the
#       command's status. Without PostgreSQL installed it warns and runs the command without it
#       (the PostgreSQL tests then skip themselves).
#   eval "$(scripts/pg-test-server.sh start)"      # exports PRONGSAI_TEST_POSTGRES_URL and PRONGSAI_TEST_PG_DIR
#   scripts/pg-test-server.sh stop "$PRONGSAI_TEST_PG_DIR"
#
# initdb refuses to run as root, so as root everything runs as the `postgres` user (runuser) in a
# directory that user owns. Install PostgreSQL with scripts/setup.sh (Debian package postgresql).
set -euo pipefail

say() { printf '[pg-test-server] %s\n' "$*" >&2; }

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local bin dir port
  bin="$(find_bin)" || { say "PostgreSQL is not installed (apt-get install postgresql, or scripts/setup.sh)"; return 3; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    say "running as root but there is no postgres user to run initdb as"; return 3
  fi
  dir="$(mktemp -d /tmp/prongsai-pg.XXXXXX)"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
    || { say "initdb failed:"; cat "$dir/initdb.log" >&2; return 1; }
  local tries=0
  while :; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 3 ]; then say "the server did not start:"; tail -20 "$dir/server.log" >&2; return 1; fi
  done
  echo "$port" >"$dir/port"
  echo "export PRONGSAI_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export PRONGSAI_TEST_PG_DIR=$dir"
  say "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (data in $dir)"
}

stop() {
  local dir="${1:-${PRONGSAI_TEST_PG_DIR:-}}" bin
  [ -n "$dir" ] && [ -d "$dir/data" ] || { say "nothing to stop"; return 0; }
  bin="$(find_bin)" || return 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start ;;
  stop) stop "${1:-}" ;;
  run)
    [ "${1:-}" = "--" ] && shift
    [ "$#" -gt 0 ] || { say "usage: $0 run -- COMMAND…"; exit 2; }
    if exports="$(start)"; then
      eval "$exports"
      trap 'stop "$PRONGSAI_TEST_PG_DIR"' EXIT
    else
      say "continuing without PostgreSQL: its tests will be skipped"
    fi
    set +e
    "$@"
    status=$?
    set -e
    exit "$status"
    ;;
  *)
    echo "usage: $0 start | stop [DIR] | run -- COMMAND…" >&2
    exit 2
    ;;
esac
