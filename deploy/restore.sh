#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database (create it first: createdb -O kien_nghi NAME),
# and optionally its uploads into an upload folder. docs/DEPLOY.md, "Restore"; tests/test_backup_restore.py runs it.
#
#   deploy/restore.sh /var/backups/kien-nghi/kien_nghi-20261201T020000Z.dump postgresql://kien_nghi@db/kien_nghi_restored \
#       [/var/backups/kien-nghi/uploads-20261201T020000Z.tar.gz /srv/kien-nghi/shared/uploads]
#
# Then point DATABASE_URL at the restored database and run `flask --app run init-db`: a dump taken by an older
# release is upgraded by the migrations like any other database.
set -euo pipefail
if [ $# -ne 2 ] && [ $# -ne 4 ]; then
  echo "usage: $0 DUMP TARGET_DATABASE_URL [UPLOADS_TARBALL UPLOAD_DIR]" >&2
  exit 2
fi
dump="$1"
target=$(printf '%s' "$2" | sed -E 's#^postgres(ql)?(\+psycopg)?://#postgresql://#')
tables=$(psql "$target" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "refusing to restore into a database that already has $tables table(s): create an empty one" >&2
  exit 1
fi
pg_restore --exit-on-error --no-owner --no-privileges --single-transaction --dbname "$target" "$dump"
# Fresh statistics: without them the planner guesses (and autovacuum may be off or slow to come).
psql "$target" -qc "ANALYZE"
if [ $# -eq 4 ]; then
  mkdir -p "$4"
  tar -C "$4" -xzf "$3"
fi
echo "restored $dump into the database at ${target##*@}"
