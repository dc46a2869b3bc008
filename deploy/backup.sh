#!/usr/bin/env bash
# Back up one deployment: the database as a pg_dump custom-format file and the uploads folder as a tarball, then
# delete backups older than KEEP_DAYS. Run nightly by deploy/kien-nghi-backup.timer; docs/DEPLOY.md, "Backups".
#
#   DATABASE_URL=postgresql://kien_nghi@db/kien_nghi BACKUP_DIR=/var/backups/kien-nghi \
#   UPLOAD_DIR=/srv/kien-nghi/shared/uploads KEEP_DAYS=30 deploy/backup.sh
#
# Prints the path of the new dump. Report files (REPORT_DIR) are not backed up: they are rebuilt on demand and
# deleted after a day anyway. A file is complete or absent: each is written under .part, then renamed.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
: "${BACKUP_DIR:?set BACKUP_DIR (where backups are kept)}"
KEEP_DAYS="${KEEP_DAYS:-30}"
# The application's URL may name its driver (postgresql+psycopg://); pg_dump wants a plain libpq URL.
url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgres(ql)?(\+psycopg)?://#postgresql://#')
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR"
dump="$BACKUP_DIR/kien_nghi-$stamp.dump"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file "$dump.part" "$url"
mv "$dump.part" "$dump"
if [ -n "${UPLOAD_DIR:-}" ] && [ -d "$UPLOAD_DIR" ]; then
  tar -C "$UPLOAD_DIR" -czf "$BACKUP_DIR/uploads-$stamp.tar.gz.part" .
  mv "$BACKUP_DIR/uploads-$stamp.tar.gz.part" "$BACKUP_DIR/uploads-$stamp.tar.gz"
fi
find "$BACKUP_DIR" -maxdepth 1 \( -name 'kien_nghi-*.dump' -o -name 'uploads-*.tar.gz' \) -mtime +"$KEEP_DAYS" -delete
echo "$dump"
