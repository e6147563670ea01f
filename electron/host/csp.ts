/**
 * The renderer's Content Security Policy, the same in Electron and in the host: scripts only
 * from the app itself (no inline, no eval; WebAssembly allowed for the zxing-wasm decoder),
 * no plugins, no framing, no form posts, no <base> tricks, network only back to the app.
 * `connect` adds the host's WebSocket origin (Electron needs none: it talks over IPC).
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // React sets styles through the CSSOM (allowed); no inline <style> or style attributes in HTML.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/** Headers every response of the host carries. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), usb=(), hid=(), serial=()',
    'Cache-Control': 'no-store',
  };
}
