import { fileURLToPath } from 'node:url';

/** The bridge, bundled at build time into the till's own bundle (build/buildNode.mjs defines it). */
declare const __TILL_BRIDGE_SCRIPT__: string | undefined;

let cached: Promise<string> | null = null;

/**
 * The bridge script (bridge.ts) bundled for the browser. The built till (npm start) carries it
 * as a string made by `npm run build`; from the sources (tests, tsx) it is built once per
 * process with esbuild, loaded only then (a development dependency, and ~100 ms to start).
 */
export function bridgeScript(): Promise<string> {
  if (typeof __TILL_BRIDGE_SCRIPT__ === 'string') return Promise.resolve(__TILL_BRIDGE_SCRIPT__);
  cached ??= import('esbuild')
    .then(({ build }) => build(BRIDGE_BUILD_OPTIONS(fileURLToPath(new URL('./bridge.ts', import.meta.url)))))
    .then((r) => r.outputFiles[0]!.text);
  return cached;
}

/** How the bridge is bundled (build/buildNode.mjs bundles it the same way for the built till). */
export const BRIDGE_BUILD_OPTIONS = (entry: string) => ({
  entryPoints: [entry],
  bundle: true,
  write: false as const,
  format: 'iife' as const,
  target: 'es2022',
  platform: 'browser' as const,
  minify: true,
  logLevel: 'silent' as const,
});
