#!/bin/sh
# Installs the web application's own packages after the root install (npm ci, npm install), so
# README's one command sets up both. Skipped where there is no web/ (the Docker runtime stage,
# which receives the built web/dist only) and for production installs.
set -e
cd "$(dirname "$0")/.."
[ -f web/package.json ] || exit 0
[ "${NODE_ENV:-}" = production ] && exit 0
cd web
npm ci --no-audit --no-fund
