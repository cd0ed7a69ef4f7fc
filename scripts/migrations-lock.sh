#!/usr/bin/env bash
# Landed migrations never change. migrations/landed.sha256 records the SHA-256 of each one.
#   scripts/migrations-lock.sh add     appends the migrations not yet recorded (after writing one)
#   scripts/migrations-lock.sh check   fails when a recorded migration changed, a migration is not
#                                      recorded, or a recorded line was ever altered or removed
set -euo pipefail
cd "$(dirname "$0")/.."
lock=migrations/landed.sha256
touch "$lock"

case "${1:-check}" in
  add)
    for file in migrations/*.ts; do
      grep -q "  $file\$" "$lock" || sha256sum "$file" >> "$lock"
    done
    echo "recorded $(wc -l < "$lock") migrations in $lock"
    ;;
  check)
    status=0
    if ! sha256sum --quiet --check "$lock"; then
      echo "a landed migration changed: write a new migration instead of editing one" >&2
      status=1
    fi
    for file in migrations/*.ts; do
      if ! grep -q "  $file\$" "$lock"; then
        echo "$file is not recorded: run scripts/migrations-lock.sh add and commit $lock" >&2
        status=1
      fi
    done
    # The record itself only grows: no commit may alter or remove a line of it.
    if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = "false" ]; then
      if git log --format= -p -- "$lock" | grep -q '^-[0-9a-f]\{64\}'; then
        echo "$lock had a line altered or removed in its history" >&2
        status=1
      fi
    fi
    [ "$status" -eq 0 ] && echo "migrations: every landed migration is unchanged"
    exit "$status"
    ;;
  *)
    echo "usage: $0 add|check" >&2
    exit 2
    ;;
esac
