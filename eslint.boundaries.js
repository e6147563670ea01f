// The folder boundaries as an allow-list (eslint.config.js turns it on): every import a file makes
// must be something its folder is allowed, whether a package, a Node built-in or another folder of
// the repo. Anything not listed is refused, so a new dependency or a new cross-folder import is a
// decision made here, in review, not an accident. docs/architecture.md explains the layers.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const NODE = 'node builtins';

/** Test files and test helpers may also use the test tools, Node and another folder's test support. */
const TEST_FILE = /(\.test\.tsx?$|\/testing\/|\/testing\.ts$|\/testSupport\.ts$|^renderer\/test\/)/;
const TEST_PACKAGES = ['vitest', 'fast-check', NODE];

/**
 * First match wins (most specific first). `folders`: repo folders (or files) it may import from;
 * `packages`: npm packages, plus NODE for Node's built-ins; `testFolders`/`testPackages`: more for tests
 * (which may also reach a folder's `notFrom`: a test of shared/auth tests shared/auth).
 */
export const BOUNDARIES = [
  {
    files: 'shared/auth/pinHash.ts',
    folders: ['shared'],
    packages: ['node:crypto'],
    why: 'shared/auth/pinHash.ts may use node:crypto and nothing else environment-specific',
  },
  {
    files: 'shared/spentList.ts',
    folders: ['shared'],
    packages: ['zod', 'roaring-wasm'],
    why: 'shared/spentList.ts may use roaring-wasm (CRoaring as WebAssembly: the same in Node, Electron and a browser; decision 071)',
  },
  {
    files: 'shared/',
    folders: ['shared'],
    packages: ['zod', 'uuid'],
    notFrom: ['shared/auth/pinHash'],
    why: 'shared/ is pure TypeScript: no Node, no electron, no app folder',
  },
  {
    files: 'renderer/',
    folders: ['renderer', 'shared'],
    notFrom: ['shared/auth'],
    testFolders: ['e2e/fixtures'],
    packages: ['react', 'react-dom', 'zustand', 'i18next', '@zxing/library', 'zxing-wasm', 'qrcode'],
    why: 'the renderer is untrusted browser code: it sees shared/ only, and talks to main through window.till',
  },
  {
    files: ['electron/main.ts', 'electron/window.ts', 'electron/preload.ts'],
    folders: ['electron', 'shared'],
    packages: ['electron', NODE],
    why: 'the Electron shell: the only files that import electron',
  },
  {
    files: ['electron/services/', 'electron/db/'],
    folders: ['electron/services', 'electron/db', 'shared'],
    testFolders: ['electron', 'hq'],
    testPackages: ['kysely'],
    packages: ['better-sqlite3', 'node-hid', 'zod', 'undici', NODE],
    why: 'services and db never import electron or the app around them: clock, paths, HID and network come in as parameters',
  },
  {
    files: 'electron/lint/',
    folders: ['electron', 'shared', 'renderer', 'eslint.boundaries'],
    packages: ['typescript', 'eslint', 'vitest', NODE],
    why: 'checks that read the sources (TypeScript compiler API)',
  },
  {
    files: 'electron/',
    folders: ['electron', 'shared', 'hq/server', 'hq/testSupport'],
    testFolders: ['hq', 'eslint.boundaries'],
    packages: ['better-sqlite3', 'zod', 'ws', 'qrcode', 'fs-native-extensions', 'esbuild', 'fastify', 'selfsigned', NODE],
    why: 'main-process code (no electron outside main/window/preload); it reaches HQ only to embed the demo HQ; fastify serves the POS API (electron/posApi), selfsigned makes its LAN certificate',
  },
  {
    files: 'hq/',
    folders: ['hq', 'shared'],
    packages: ['fastify', 'kysely', 'pg', 'better-sqlite3', 'zod', 'qrcode', NODE],
    why: 'HQ shares code with the till only through shared/',
  },
  {
    files: 'bench/',
    folders: ['bench', 'electron', 'hq', 'shared', 'renderer', 'e2e/fixtures'],
    packages: ['better-sqlite3', 'pg', 'jose', 'playwright-core', 'vite', 'zxing-wasm', NODE],
    why: 'benchmarks',
  },
  {
    files: 'pos-demo/',
    folders: ['pos-demo'],
    testFolders: ['electron'],
    packages: [NODE],
    why: 'the reference POS is copied into a store POS: Node and its own files only, nothing of the till',
  },
  {
    files: 'e2e/',
    folders: ['e2e', 'electron', 'hq', 'shared', 'renderer/i18n', 'pos-demo'],
    packages: ['@playwright/test', 'playwright-core', 'better-sqlite3', 'qrcode', NODE],
    why: 'end-to-end tests',
  },
  { files: '', folders: ['.'], packages: ['vite', 'vitest', '@vitejs/plugin-react', '@playwright/test', NODE], why: 'tool configuration' },
];

function packageOf(source) {
  if (source.startsWith('node:') || builtinModules.includes(source.split('/')[0])) return { node: true, name: source };
  const parts = source.split('/');
  return { node: false, name: source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}

function boundaryOf(file) {
  return BOUNDARIES.find((b) => [b.files].flat().some((f) => (f.endsWith('/') || f === '' ? file.startsWith(f) : file === f)));
}

const inside = (target, folder) => folder === '.' || target === folder || target.startsWith(folder + '/') || target.startsWith(folder + '.');

/** Why `source`, imported by `file` (repo-relative), is not allowed; null when it is. */
export function refusal(file, source) {
  const b = boundaryOf(file);
  if (!b) return null;
  const test = TEST_FILE.test(file);
  if (source.startsWith('.')) {
    const target = relative(root, resolve(root, dirname(file), source));
    if (target.startsWith('..')) return `${source} is outside the repository`;
    const folders = [...b.folders, ...(test ? (b.testFolders ?? []) : [])];
    if (!test && (b.notFrom ?? []).some((f) => inside(target, f))) return `${target} is off limits here: ${b.why}`;
    return folders.some((f) => inside(target, f))
      ? null
      : `${target} is not among what ${[b.files].flat().join(', ') || 'this file'} may import (${folders.join(', ')}): ${b.why}`;
  }
  const pkg = packageOf(source);
  const allowed = [...b.packages, ...(test ? [...TEST_PACKAGES, ...(b.testPackages ?? [])] : [])];
  if (pkg.node ? allowed.includes(NODE) || allowed.includes(pkg.name) : allowed.includes(pkg.name)) return null;
  return `'${pkg.name}' is not on this folder's allow-list (eslint.boundaries.js): ${b.why}`;
}

export const boundariesPlugin = {
  rules: {
    'allowed-imports': {
      meta: { type: 'problem', schema: [], docs: { description: 'Each folder imports only what eslint.boundaries.js allows it' } },
      create(context) {
        const file = relative(root, context.filename).split('\\').join('/');
        const check = (node) => {
          const source = node.source;
          if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
          const why = refusal(file, source.value);
          if (why) context.report({ node: source, message: why });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};
