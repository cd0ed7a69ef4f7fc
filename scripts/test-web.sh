#!/usr/bin/env bash
# The web application's checks (UI.md): lint, types, rendering rules (Vitest), the generated API
# types against openapi.json, the build of both the service and the app, then the Playwright
# flows in Debian's Chromium against the built service on its own database and Redis prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing: apt-get install -y chromium fonts-noto-cjk (Debian), or set CHROMIUM_PATH" >&2
  exit 1
fi
cd web
npm run lint
npm run typecheck
npm test
npm run api:generate
git diff --exit-code -- src/api/schema.d.ts || {
  echo "web/src/api/schema.d.ts is out of date with openapi.json: run npm run api:generate in web/ and commit it" >&2
  exit 1
}
cd ..
npm run build
node web/scripts/budget.mjs
cd web
npx playwright test
