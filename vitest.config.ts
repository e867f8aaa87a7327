import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-dist.ts'],
    // Some tests compile generated code or run thousands of round trips.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
