// Folder boundaries are enforced here rather than remembered (see docs/architecture.md):
// shared/ is pure TypeScript; renderer/ sees only shared/; services and db never import electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'os', 'net', 'http', 'https', 'worker_threads', 'url', 'util', 'stream', 'events', 'zlib'];
const nativeAndServer = ['electron', 'better-sqlite3', 'node-hid', 'fastify', 'kysely', 'pg', 'ws'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'dist-node/**', 'out/**', 'test-results/**', 'playwright-report/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main.ts, window.ts and preload.ts import electron.' }] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, ...nativeAndServer], message: 'shared/ is pure TypeScript: no node:, electron, native modules or servers.' },
          { group: ['**/electron/**', '**/renderer/**', '**/hq/**'], message: 'shared/ imports nothing from the app folders.' },
          { group: ['**/auth/pinHash'], message: 'The renderer imports shared/: only main and HQ import shared/auth/pinHash (node:crypto).' },
        ],
      }],
    },
  },
  {
    // The one exception: PIN hashing (scrypt from node:crypto) is shared by HQ, which hashes, and
    // the till, which verifies offline. Only node:crypto, and the renderer may not import it.
    files: ['shared/auth/pinHash.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, ...nativeAndServer, '!node:crypto'], message: 'shared/auth/pinHash.ts may import node:crypto and nothing else environment-specific.' },
          { group: ['**/electron/**', '**/renderer/**', '**/hq/**'], message: 'shared/ imports nothing from the app folders.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, ...nativeAndServer], message: 'The renderer is untrusted browser code: it talks to main only through the typed API.' },
          { group: ['**/electron/**', '**/hq/**'], message: 'renderer/ imports only shared/.' },
          { group: ['**/shared/auth/**'], message: 'PIN hashing runs in main and HQ only (it needs node:crypto).' },
        ],
      }],
    },
  },
  {
    // A screen's components call main only through their feature's api/ module (or a store):
    // one place per feature knows the channels, and a screen can be tested against a fake api.
    files: ['renderer/**/components/**/*.ts', 'renderer/**/components/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, ...nativeAndServer], message: 'The renderer is untrusted browser code: it talks to main only through the typed API.' },
          { group: ['**/electron/**', '**/hq/**'], message: 'renderer/ imports only shared/.' },
          { group: ['**/shared/auth/**'], message: 'PIN hashing runs in main and HQ only (it needs node:crypto).' },
          { group: ['**/api/till', '**/api/till.ts'], message: "components/ call main through their feature's api/ module, never the till API itself." },
        ],
      }],
    },
  },
  {
    files: ['electron/main.ts', 'electron/window.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['hq/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'HQ is a server: no electron.' }],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'HQ shares code with the till only through shared/.' }],
      }],
    },
  },
);
