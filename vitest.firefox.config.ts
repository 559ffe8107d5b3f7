import { defineConfig } from 'vitest/config';

// Firefox tests: real Firefox ESR (WebDriver BiDi) with the built add-on in .output/firefox-mv2,
// replica x.com pages, and web-ext lint on the same build. One browser at a time (2-core
// machines), generous timeouts for browser start-up.
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.firefox.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
