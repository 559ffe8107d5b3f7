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
    // expect.poll's own default is 1 s: too short for a real browser on a busy 2-core machine
    // (a page in a background tab runs its timers at most once a second). A poll that needs
    // longer says so itself.
    expect: { poll: { timeout: 5_000 } },
  },
});
