import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/renderer/**/*.test.{ts,tsx}'],
    // The keychain test needs a real Secret Service; test/run-all.sh runs it inside dbus-run-session.
    exclude: ['test/keychain/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one file fewer than the cores: one file at a time on a two-core CI machine,
    // where the reliability test alone takes two minutes. Two at once: 241 s instead of 336 s there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
