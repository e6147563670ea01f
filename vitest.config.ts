import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'hq/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'bench/**/*.test.ts', 'pos-demo/**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', 'dist/**', 'dist-node/**', 'dist-electron/**'],
    // better-sqlite3 and node-hid are native modules: run test files in child processes, not worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
