import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Resolves a URL path to a file inside `root`, or null. Refuses anything that would leave the
 * folder (`..`, encoded slashes, NUL) rather than trying to clean it.
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return null;
  const base = resolve(root);
  const full = resolve(base, '.' + (decoded.endsWith('/') ? decoded + 'index.html' : decoded));
  return full === base || full.startsWith(base + sep) ? full : null;
}

export async function readStatic(file: string): Promise<{ body: Buffer; type: string } | null> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return null;
    return { body: await readFile(file), type: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

/** Puts the bridge script first in <head>, so `window.till` exists before the renderer's modules run. */
export function injectBridge(html: string, src: string): string {
  const tag = `<script src="${src}"></script>`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}${tag}`) : tag + html;
}

export const NOT_BUILT_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Coupon Till</title></head>
<body><h1>Coupon Till</h1><p>The renderer is not built. Run <code>npm run build:renderer</code> and reload.</p></body></html>`;
