#!/usr/bin/env bash
# The whole test suite: what `npm test` runs, locally and in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== unit and integration (Node, real encrypted files)"; npx vitest run
