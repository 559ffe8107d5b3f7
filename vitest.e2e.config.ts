import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium, the built extension, replica x.com pages. One browser at
// a time (2-core machines), generous timeouts for browser start-up.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
