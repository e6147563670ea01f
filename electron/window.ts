import { app, BrowserWindow, net, protocol, session, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, securityHeaders } from './host/csp';
import { resolveStatic } from './host/static';
import { APP_ORIGIN } from './ipc/electronSender';

/** The renderer is served from this privileged scheme, never file:// (which would grant file access). */
export const APP_SCHEME = 'app';
export { APP_ORIGIN };

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves dist/renderer at app://till/ with the strict CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  const headers = securityHeaders(contentSecurityPolicy());
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'till' ? resolveStatic(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers });
    const res = await net.fetch(pathToFileURL(file).toString());
    const merged = new Headers(res.headers);
    for (const [k, v] of Object.entries(headers)) merged.set(k, v);
    return new Response(res.body, { status: res.status, headers: merged });
  });
}

/**
 * Every web contents the app ever creates: no navigation, no new windows, no webviews. The
 * app is a single page; anything else is an attack or a bug.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Only the camera (video capture, for scanning codes), and only for our own origin. */
export function restrictPermissions(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((wc, permission, callback, details) => {
    const ours = wc.mainFrame.origin === APP_ORIGIN;
    const types = details.mediaTypes ?? [];
    const cameraOnly = permission === 'media' && types.length > 0 && types.every((t) => t === 'video');
    callback(ours && cameraOnly);
  });
  s.setPermissionCheckHandler((_wc, permission, origin, details) => origin === APP_ORIGIN && permission === 'media' && details.mediaType === 'video');
  s.setDevicePermissionHandler(() => false);
}

export interface MainWindowOptions {
  preloadPath: string;
  kiosk: boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#111418',
    title: 'Coupon Till',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
