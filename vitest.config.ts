import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Browser tests are `*.spec.ts` under tests/e2e/ and run under Playwright instead.
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
