import { defineConfig } from 'vitest/config';

// Unit tests (fake clock) and integration tests (real server on a random port, real
// PostgreSQL/PGlite/Redis) share one run. Two cores: keep file parallelism modest.
export default defineConfig({
  test: {
    include: ['server/test/**/*.test.ts', 'client/test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
