#!/usr/bin/env bash
# Writes the schema that the migrations build (tables, indexes, constraints, functions and
# triggers) to docs/schema.sql, so a reader sees the whole database in one place. CI runs it
# and fails when the committed file differs.
set -euo pipefail
cd "$(dirname "$0")/.."
server="${PG_SERVER_URL:-postgres://postgres@127.0.0.1:5432}"
db="st_schema_dump_$$"
psql "$server/postgres" -qc "CREATE DATABASE $db"
trap 'psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
DATABASE_URL="$server/$db" npx typeorm-ts-node-commonjs -d src/database/cli-data-source.ts \
  migration:run > /dev/null
{
  echo '-- The schema built by migrations/, written by `npm run schema:dump`. Do not edit:'
  echo '-- change the schema with a migration, then run it again.'
  echo
  # No owners, privileges, settings or the dump's own version and session lines: only what
  # the migrations decide. The TypeORM bookkeeping table is left out.
  pg_dump --schema-only --no-owner --no-privileges --no-comments --no-tablespaces \
    --exclude-table=public.migrations --exclude-table=public.migrations_id_seq "$server/$db" |
    grep -v -e '^--' -e '^SET ' -e '^SELECT pg_catalog.set_config' -e '^\\restrict' -e '^\\unrestrict' |
    cat -s
} > docs/schema.sql
echo "wrote docs/schema.sql ($(grep -c '^CREATE' docs/schema.sql) CREATE statements)"
