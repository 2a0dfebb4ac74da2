import { defineConfig } from 'vitest/config';

/**
 * Sync tests against a real PostgreSQL and real hub processes (test/support/hub-harness.ts). Apart
 * from the main config because every file starts its own PostgreSQL: one file at a time.
 * `npx vitest run -c vitest.hub.config.ts [files]`; test/run-all.sh runs it as its own step.
 */
export default defineConfig({
  test: {
    include: ['test/hub/**/*.test.ts', 'test/sync/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
