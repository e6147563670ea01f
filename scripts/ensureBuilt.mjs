// Builds what the till runs when it is missing or older than its sources, then returns. Used by
// `npm start` (scripts/start.mjs) and the command lines (scripts/run.mjs) before they import the
// built JavaScript; `npm run build` builds everything unconditionally.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => join(root, p);

/** Newest modification time (ms) of the files under these paths (folders walked, tests included: cheap and safe). */
export function newestMtime(paths) {
  let newest = 0;
  for (const p of paths) {
    const full = at(p);
    if (!existsSync(full)) continue;
    const st = statSync(full);
    if (!st.isDirectory()) {
      newest = Math.max(newest, st.mtimeMs);
      continue;
    }
    for (const f of readdirSync(full, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) newest = Math.max(newest, statSync(join(f.parentPath ?? f.path, f.name)).mtimeMs);
    }
  }
  return newest;
}

function mtime(p) {
  return existsSync(at(p)) ? statSync(at(p)).mtimeMs : 0;
}

const NODE_SOURCES = ['shared', 'electron', 'hq', 'package.json', 'build/buildNode.mjs'];
const RENDERER_SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package.json'];
const ELECTRON_SOURCES = ['shared', 'electron', 'hq', 'package.json', 'build/buildElectron.mjs'];

export function staleParts({ renderer = true, electron = false } = {}) {
  const stale = [];
  if (mtime('dist-node/build-stamp.json') < newestMtime(NODE_SOURCES)) stale.push('node');
  if (renderer && mtime('dist/renderer/index.html') < newestMtime(RENDERER_SOURCES)) stale.push('renderer');
  if (electron && mtime('dist-electron/electron/main.js') < newestMtime(ELECTRON_SOURCES)) stale.push('electron');
  return stale;
}

function run(script, args) {
  const r = spawnSync(process.execPath, [at(script), ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Builds the stale parts; `quiet` keeps a command line's output to its own answer. */
export async function ensureBuilt(opts = {}) {
  const stale = staleParts(opts);
  if (stale.length === 0) return stale;
  if (!opts.quiet) console.error(`Building ${stale.join(', ')} (sources changed since the last build) ...`);
  if (stale.includes('node')) await (await import('../build/buildNode.mjs')).buildNode({ quiet: true });
  if (stale.includes('renderer')) run('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn']);
  if (stale.includes('electron')) run('build/buildElectron.mjs', []);
  return stale;
}

export const hasElectronBinary = () => existsSync(at('node_modules/electron/dist'));
