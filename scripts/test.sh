#!/usr/bin/env bash
# npm test: the service's unit and end-to-end suites (Jest), then, when no arguments narrow the
# run, the web application's checks and browser flows (scripts/test-web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
npx jest "$@"
if [ "$#" -eq 0 ]; then
  bash scripts/test-web.sh
fi
