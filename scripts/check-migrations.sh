#!/usr/bin/env bash
# Runs every migration on an empty database, then fails if TypeORM would generate another one
# (an entity changed without its migration).
set -euo pipefail
cd "$(dirname "$0")/.."
server="${PG_SERVER_URL:-postgres://postgres@127.0.0.1:5432}"
db="st_migration_check_$$"
psql "$server/postgres" -qc "CREATE DATABASE $db"
trap 'psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
export DATABASE_URL="$server/$db"
npx typeorm-ts-node-commonjs -d src/database/cli-data-source.ts migration:run > /dev/null
npx typeorm-ts-node-commonjs -d src/database/cli-data-source.ts migration:generate --check migrations/Pending 2>&1 \
  | grep -v -e DeprecationWarning -e trace-deprecation
echo "migrations: schema matches the entities"
