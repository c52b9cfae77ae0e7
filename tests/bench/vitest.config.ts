import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The bench's own unit tests (its pure parts: synthetic content, verdicts, the table).
// Run with: node_modules/.bin/vitest run --config tests/bench/vitest.config.ts
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: { include: ['tests/bench/**/*.test.ts'], testTimeout: 60_000 },
});
