import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run in parallel, but heavy suites (moto, chromium) must not pile up.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
