// Bundles the till's Node entry points with esbuild into dist-node/, so `npm start` and the
// command lines run built JavaScript under plain `node` (no tsx compiling TypeScript on every
// launch, no npm in the till's process tree):
//   dist-node/till.js     the till: Node host, or Electron when its binary is installed (electron/launch.ts)
//   dist-node/tillCli.js  `npm run till -- ...` (electron/cli/till.ts)
//   dist-node/hq.js       `npm run hq -- ...` (hq/cli.ts)
//   dist-node/coupon.js   `npm run coupon -- ...` (electron/cli/coupon.ts)
// Native modules stay in node_modules; other packages are bundled in (see NATIVE_AND_TOOLS).
// The browser bridge the host serves is bundled in as a string.
// Also usable as a module: scripts/ensureBuilt.mjs imports buildNode() when sources changed.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const NODE_OUT = `${root}dist-node`;
export const NODE_STAMP = `${NODE_OUT}/build-stamp.json`;

/** The entry points: bundle name -> source. */
export const NODE_ENTRIES = {
  till: 'electron/launch.ts',
  tillCli: 'electron/cli/till.ts',
  hq: 'hq/cli.ts',
  coupon: 'electron/cli/coupon.ts',
};

/**
 * Native modules load from node_modules (their .node files must); build tools are never needed
 * at run time. Every other package is bundled in: one file to read and compile instead of
 * hundreds resolved one by one (fastify alone is ~200 files), which is most of a cold start.
 */
// roaring-wasm reads its index.wasm from beside its own file (__dirname): bundled, it looked for it in dist-node/.
const NATIVE_AND_TOOLS = [
  'better-sqlite3',
  'node-hid',
  'fs-native-extensions',
  'pg-native',
  'roaring-wasm',
  'electron',
  'esbuild',
  'vite',
  'playwright-core',
  'tsx',
];

/** A file's leading JSDoc block (the hq CLI prints its own as --help). */
function leadingComment(file) {
  const text = readFileSync(`${root}${file}`, 'utf8');
  return text.startsWith('/**') ? text.slice(0, text.indexOf('*/') + 2) : '';
}

export async function buildNode({ quiet = false } = {}) {
  const started = Date.now();
  const bridge = await build({
    entryPoints: [`${root}electron/host/bridge.ts`],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    logLevel: 'silent',
  });
  rmSync(NODE_OUT, { recursive: true, force: true });
  mkdirSync(NODE_OUT, { recursive: true });
  await Promise.all(
    Object.entries(NODE_ENTRIES).map(([name, entry]) =>
      build({
        absWorkingDir: root,
        entryPoints: { [name]: entry },
        outdir: NODE_OUT,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        // Dynamic imports become their own chunks (dist-node/chunks/), loaded only when called: the
        // till's sign-in never parses HQ's server. Minified: less for V8 to read at every start.
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        minify: true,
        keepNames: true,
        external: NATIVE_AND_TOOLS,
        sourcemap: 'linked',
        logLevel: quiet ? 'error' : 'warning',
        define: { __TILL_BRIDGE_SCRIPT__: JSON.stringify(bridge.outputFiles[0].text) },
        // CommonJS packages bundled into ESM still call require() for Node's built-ins.
        banner: {
          js: `${leadingComment(entry)}\nimport { createRequire as __tillCreateRequire } from 'node:module';\nconst require = __tillCreateRequire(import.meta.url);`,
        },
      }),
    ),
  );
  writeFileSync(NODE_STAMP, JSON.stringify({ builtAt: new Date().toISOString(), entries: NODE_ENTRIES }) + '\n');
  if (!quiet) console.log(`dist-node/: ${Object.keys(NODE_ENTRIES).join(', ')} built in ${Date.now() - started} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildNode();
