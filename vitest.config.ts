import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/renderer/**/*.test.{ts,tsx}'],
    // The keychain test needs a real Secret Service; test/run-all.sh runs it inside dbus-run-session.
    exclude: ['test/keychain/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
