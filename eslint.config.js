// Folder boundaries are enforced here rather than remembered (see docs/architecture.md), as an
// allow-list of what each folder may import (eslint.boundaries.js): shared/ is pure TypeScript;
// renderer/ sees only shared/; only electron/main.ts, window.ts and preload.ts import electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundariesPlugin } from './eslint.boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-electron/**',
      'dist-node/**',
      'out/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The folder boundaries, as an allow-list per folder (packages, Node, other folders): eslint.boundaries.js.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { boundaries: boundariesPlugin },
    rules: { 'boundaries/allowed-imports': 'error' },
  },
  {
    // Each feature's api/ module is the only place that calls main (issue 10): components, stores
    // and helpers go through it, so a screen's calls are listed in one file and tests fake one module.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/api/**', 'renderer/**/api/**', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'renderer/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)api/till(\\.ts)?$',
              message:
                "Call main through this feature's api/ module (renderer/features/<feature>/api/, or renderer/app/api/ for the shell), never the till API directly.",
            },
          ],
        },
      ],
    },
  },
);
