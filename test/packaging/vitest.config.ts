import { defineConfig } from 'vitest/config';

// The packaging check (npm run test:packaging): slow, so outside the normal suite.
export default defineConfig({
  test: { include: ['test/packaging/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 600_000, pool: 'forks' },
});
