import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import vm from 'node:vm';
import type { StandInRecord } from './electronStandIn';

/**
 * Loads the BUILT Electron bundles (dist-electron/) under plain Node with the stand-in in place
 * of `electron`: main.js through Node's own CommonJS loader (as Electron's main process loads
 * it, so a bundle Node cannot start fails here), preload.js in a fresh VM context whose
 * `require` knows only 'electron', as in Electron's sandbox (a preload that needs anything
 * else fails here too).
 */

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Requires `file` with `require('electron')` answered by `electron`. Returns the undo. */
export function requireWithStandIn(file: string, electron: unknown): () => void {
  const loader = Module as unknown as { _load: Load };
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request === 'electron') return electron;
    return original.call(this, request, parent, isMain);
  };
  try {
    createRequire(import.meta.url)(file);
  } catch (err) {
    loader._load = original;
    throw err;
  }
  return () => void (loader._load = original);
}

/** Runs the sandboxed preload bundle the way Electron's sandbox does: CommonJS wrapper, require('electron') only. */
export function runSandboxedPreload(file: string, electron: unknown): void {
  const code = readFileSync(file, 'utf8');
  const context = vm.createContext({ console, setTimeout, clearTimeout, Promise, URL });
  const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context, { filename: file }) as (
    ...args: unknown[]
  ) => void;
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`A sandboxed preload cannot require '${name}'`);
  };
  const module = { exports: {} };
  wrapper(module.exports, sandboxRequire, module, file, '.');
}

/** Waits until main created its window (start-up done) or gave up (app.exit). */
export async function waitForStart(record: StandInRecord, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (record.windows.length === 0 && record.exitCode === null) {
    if (Date.now() > until) throw new Error('main did not create its window in time');
    await new Promise((r) => setTimeout(r, 20));
  }
  if (record.exitCode !== null) throw new Error(`main exited with ${record.exitCode} during start-up`);
}
