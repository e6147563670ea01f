/**
 * Browser entry the host injects before the renderer: it provides `window.till` over the
 * loopback WebSocket, exactly the object the Electron preload provides over IPC, and applies
 * in the page what Electron's main enforces for its windows (no window.open, no navigating away).
 * Bundled by esbuild at host start (bridgeBundle.ts). Runs in the page: DOM only, no Node.
 */
import { exposeChannels } from '../../shared/ipc/api';
import { CHANNEL_NAMES } from '../../shared/ipc/channelNames';
import { createWsTillApi, type WebSocketLike } from '../../shared/ipc/wsClient';
import { SECRET_FRAGMENT_KEY, WS_PATH } from '../../shared/ipc/wsProtocol';

const STORAGE_KEY = 'till.hostSecret';

function takeSecret(): string {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromUrl = params.get(SECRET_FRAGMENT_KEY);
  if (fromUrl) {
    // Kept for reloads of this tab only; removed from the address bar and history at once.
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    params.delete(SECRET_FRAGMENT_KEY);
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

/** A download of a blob: URL this page created (its origin is ours). */
function isOwnBlobDownload(dest: URL, isDownload: boolean): boolean {
  return isDownload && dest.protocol === 'blob:' && dest.origin === location.origin;
}

/** Links that would open a window or leave the page (target=_blank opens no Navigation API event). */
function blockLinkEscapes(event: Event): void {
  const link = (event.target as Element | null)?.closest?.('a[href], area[href]') as HTMLAnchorElement | null;
  if (!link) return;
  const dest = new URL(link.href, location.href);
  const sameDocument = dest.origin === location.origin && dest.pathname === location.pathname;
  // Saving a file the page made itself (the manager's CSV export: a same-origin blob: URL) is a download, not an escape.
  if (isOwnBlobDownload(dest, link.hasAttribute('download'))) return;
  const newWindow = (link.target && link.target !== '_self') || link.hasAttribute('download');
  if (newWindow || !sameDocument) event.preventDefault();
}

function lockWindow(): void {
  Object.defineProperty(window, 'open', { value: () => null, writable: false, configurable: false });
  for (const type of ['click', 'auxclick']) document.addEventListener(type, blockLinkEscapes, { capture: true });
  // Page-initiated navigations away from the app document are cancelled (Navigation API, Chromium).
  const nav = (window as unknown as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigate', (event) => {
    const e = event as Event & { destination: { url: string }; canIntercept: boolean; hashChange: boolean; cancelable: boolean };
    const dest = new URL(e.destination.url);
    const sameDocument = dest.origin === location.origin && dest.pathname === location.pathname;
    const download = (e as unknown as { downloadRequest?: string | null }).downloadRequest;
    if (isOwnBlobDownload(dest, download !== null && download !== undefined)) return;
    if (!sameDocument && e.cancelable) e.preventDefault();
  });
}

const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
const transport = createWsTillApi({ url, secret: takeSecret(), connect: (u) => new WebSocket(u) as unknown as WebSocketLike });
Object.defineProperty(window, 'till', { value: exposeChannels(transport, CHANNEL_NAMES), writable: false, configurable: false });
lockWindow();
