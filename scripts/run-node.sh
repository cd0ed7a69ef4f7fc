#!/bin/sh
# How the service's node runs, written once: npm start, the Dockerfile, docker-compose and the
# benchmark all start node through this script (docs/decisions/0004-node-memory-flags.md).
# - MALLOC_MMAP_THRESHOLD_: glibc hands large blocks (argon2's 19 MiB per password hash) back
#   to the system when freed, instead of keeping them after a burst of logins.
# - 16 MiB semi-spaces: fewer young-generation collections under load, without letting a large
#   export's garbage take the process over its 200 MiB target (32 MiB did).
export MALLOC_MMAP_THRESHOLD_=131072
exec node --max-semi-space-size=16 "$@"
