import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: test/e2e/*.spec.ts with the shared fixture in test/e2e/support/fixtures.ts.
 * Runs in Electron when its binary is present, otherwise in Debian's Chromium with window.api
 * bridged to a real core in the test process (see the fixture's header).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/support/global-setup.ts',
  // Two cores on this kind of machine; every test hashes passwords with scrypt and runs a browser.
  workers: Number(process.env['E2E_WORKERS'] ?? 2),
  fullyParallel: false,
  // A retry would hide a flaky test; a flaky test is a bug to fix.
  retries: 0,
  forbidOnly: true,
  // Generous waits for states: a report or export runs in a worker thread, and on a busy two-core
  // machine its first answer can take longer than Playwright's defaults. A test that passes pays nothing.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  outputDir: 'test-results/e2e-artifacts',
  // test/run-all.sh reads the JSON report for its summary line.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
});
