import { defineConfig } from 'vitest/config';

// Team server tests: real server processes, real Postgres and Redis, Node provider clients.
// One file at a time (2-core machines; each file starts its own processes), generous timeouts
// for process start-up.
export default defineConfig({
  test: {
    include: ['tests/server/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
