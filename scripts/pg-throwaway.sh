#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 (tech-notes §5). Prints PGDATA=... and
# DATABASE_URL=... lines; stop it with scripts/pg-throwaway.sh stop PGDATA.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
RUN="runuser -u postgres --"
if [ "${1:-}" = "stop" ]; then
  $RUN "$PGBIN/pg_ctl" -D "$2" -m immediate -w stop >/dev/null || true
  rm -rf "$2"
  exit 0
fi
PGPORT=${PGPORT:-55432}
PGDATA=$(mktemp -d -t pgdata.XXXXXX)
chown postgres:postgres "$PGDATA"
$RUN "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
$RUN "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
  -o "-h 127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
$RUN "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres recon_test
echo "PGDATA=$PGDATA"
echo "DATABASE_URL=postgresql://postgres@127.0.0.1:$PGPORT/recon_test"
