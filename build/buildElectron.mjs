// Bundles the Electron main process and the preload with esbuild into dist-electron/electron/
// (package.json "main" points at dist-electron/electron/main.js).
// Native modules and Electron stay external: electron-builder ships them (rebuilt for
// Electron's ABI by its npmRebuild step). The sandboxed preload must be ONE file: it cannot
// require anything but 'electron', so everything else is bundled into it.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist-electron`;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
// The root package.json says "type": "module"; these bundles are CommonJS (Electron's sandboxed
// preload must be). Without this, Node and Electron's main process load main.js as an ES module
// and stop at its first require(). electron/shell.bundle.test.ts starts the built files to check.
writeFileSync(`${outdir}/package.json`, JSON.stringify({ type: 'commonjs' }) + '\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'info',
  absWorkingDir: root,
};

await build({
  ...common,
  entryPoints: { 'electron/main': 'electron/main.ts' },
  outdir,
  // Native and server packages load from node_modules at run time (asar-unpacked natives).
  // roaring-wasm reads its index.wasm from beside its own file (__dirname), so it stays in node_modules too.
  external: [
    'electron',
    'better-sqlite3',
    'node-hid',
    'fs-native-extensions',
    'roaring-wasm',
    'pg',
    'pg-native',
    'fastify',
    'kysely',
    'qrcode',
    'ws',
    'esbuild',
  ],
});

await build({
  ...common,
  entryPoints: { 'electron/preload': 'electron/preload.ts' },
  outdir,
  platform: 'browser',
  external: ['electron'],
});
