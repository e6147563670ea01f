import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import { join } from 'node:path';
import { IPC_EVENT } from '../shared/ipc/api';
import { defaultDataDir } from './dataDir';
import { bootTill, type BootedTill } from './demo/boot';
import { electronSender } from './ipc/electronSender';
import { osKeyStoreSealer } from './services/sync/credentialBox';
import { registerApi } from './ipc/register';
import { posApiPortFrom } from './posApi/runner';
import { RENDERER_SWITCHES } from './rendererSwitches';
import { createMainWindow, hardenWebContents, registerAppScheme, restrictPermissions, serveRenderer } from './window';

/**
 * Electron's main process: a thin shell. Everything the till does lives in plain Node modules
 * (electron/app.ts and services); this file only wires them to windows and IPC.
 * Bundled to dist-electron/main.js by build/buildElectron.mjs; never run here (no Electron binary).
 */
const dataDir = process.env.COUPON_TILL_DATA ?? (app.isPackaged ? app.getPath('userData') : defaultDataDir());
const kiosk = process.env.COUPON_TILL_KIOSK === '1' || process.argv.includes('--kiosk');
// Bundled layout: dist-electron/electron/main.js, dist-electron/electron/preload.js, dist/renderer/.
const rendererDir = join(__dirname, '..', '..', 'dist', 'renderer');
const preloadPath = join(__dirname, 'preload.js');

let till: BootedTill | null = null;
let mainWindow: BrowserWindow | null = null;

registerAppScheme();
// Before ready: Chromium reads its switches once, when the first renderer starts.
for (const [name, value] of RENDERER_SWITCHES) app.commandLine.appendSwitch(name, value);

if (!app.requestSingleInstanceLock()) {
  // Two tills on one database would fight over it: the second launch only focuses the first.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void till?.close());
  app.whenReady().then(start, (err: unknown) => fatal(err));
}

async function start(): Promise<void> {
  try {
    till = await bootTill({
      dataDir,
      shell: 'electron',
      version: app.getVersion(),
      hq: process.env.COUPON_TILL_HQ === 'none' ? 'none' : 'embedded',
      demo: process.env.COUPON_TILL_DEMO !== '0',
      posApiPort: posApiPortFrom(process.env),
      ...(process.env.COUPON_TILL_MANAGER_PIN ? { firstManagerPin: process.env.COUPON_TILL_MANAGER_PIN } : {}),
      // The till's HQ credential is sealed with the OS key store; without one (a bare Linux), a 0600 key file.
      ...(safeStorage.isEncryptionAvailable()
        ? {
            credentials: osKeyStoreSealer(
              (s) => safeStorage.encryptString(s),
              (b) => safeStorage.decryptString(b),
            ),
          }
        : {}),
    });
  } catch (err) {
    return fatal(err);
  }
  const booted = till;
  const pos = booted.app.posApi.status();
  console.log(pos.url ? `POS API: ${pos.url}/pos/v1` : `POS API: ${pos.problem ?? 'off'}`);
  restrictPermissions();
  serveRenderer(rendererDir);
  registerApi(
    {
      handle: (channel, answer) => ipcMain.handle(channel, (event, payload) => answer(electronSender(event.sender, event.senderFrame), payload)),
    },
    booted.app.api,
  );
  booted.app.setPush((clientId, event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const wc = win.webContents;
      if (wc.isDestroyed() || (clientId !== null && clientId !== `electron:${wc.id}`)) continue;
      wc.send(IPC_EVENT, event, payload);
    }
  });
  mainWindow = createMainWindow({ preloadPath, kiosk });
  const id = mainWindow.webContents.id;
  mainWindow.webContents.on('destroyed', () => booted.app.clientGone(`electron:${id}`));
  mainWindow.on('closed', () => (mainWindow = null));
}

function fatal(err: unknown): void {
  console.error('Coupon Till could not start:', err);
  app.exit(1);
}
