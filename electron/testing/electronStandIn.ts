/**
 * A stand-in for the `electron` module: a test double of exactly the APIs electron/main.ts,
 * window.ts and preload.ts use (see electron.d.ts), recording what the shell asks of Electron.
 * The Electron binary cannot be downloaded on these machines, so this is how the shell's start-up
 * and its security promises are tested: the sources get it through vi.mock('electron'), the
 * built bundles in dist-electron/ through require('electron') (see shellHarness.ts).
 * It is not Electron: it checks what the shell configures, not what Chromium then enforces.
 */

type Listener = (...args: unknown[]) => void;

export interface StandInEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

function event(): StandInEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((l) => l !== wrapped),
      );
      fn(...args);
    };
    return this.on(name, wrapped);
  }
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(name) ?? []) fn(...args);
  }
}

export interface StandInFrame {
  url: string;
  origin: string;
  top: StandInFrame | null;
}

export class StandInWebContents extends Emitter {
  readonly sent: unknown[][] = [];
  readonly mainFrame: StandInFrame = { url: '', origin: '', top: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  constructor(
    readonly id: number,
    private readonly deliver: (channel: string, args: unknown[]) => void,
  ) {
    super();
    this.mainFrame.top = this.mainFrame;
  }
  /** Main's push to the page: recorded, and delivered to the preload's ipcRenderer listeners. */
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
    this.deliver(channel, args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** What Electron does when the page navigates: 'will-navigate'; true when the shell let it through. */
  tryNavigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const e = event();
    this.emit(kind, e, url);
    return !e.defaultPrevented;
  }
  /** What window.open or a target=_blank link asks of the shell. */
  tryOpenWindow(url: string): string {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow';
  }
  tryAttachWebview(): boolean {
    const e = event();
    this.emit('will-attach-webview', e, {}, {});
    return !e.defaultPrevented;
  }
  /** Sets what the main frame shows, as a loaded page would. */
  show(url: string): void {
    this.mainFrame.url = url;
    try {
      const u = new URL(url);
      this.mainFrame.origin = `${u.protocol}//${u.host}`;
    } catch {
      this.mainFrame.origin = 'null';
    }
  }
}

type PermissionRequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void, details: { mediaTypes?: string[] }) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string, details: { mediaType?: string }) => boolean;
type InvokeHandler = (event: { sender: StandInWebContents; senderFrame: StandInFrame | null }, ...args: unknown[]) => unknown;

/** Everything the shell asked of Electron, and the levers a test pulls (ready, events, IPC). */
export interface StandInRecord {
  windows: StandInWindow[];
  windowOptions: Record<string, unknown>[];
  handlers: Map<string, InvokeHandler>;
  switches: [string, string | undefined][];
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
  permissionRequest: PermissionRequestHandler | null;
  permissionCheck: PermissionCheckHandler | null;
  devicePermission: ((details: unknown) => boolean) | null;
  exposed: Map<string, unknown>;
  rendererListeners: Map<string, Listener[]>;
  /** app.exit's code, or null while running. */
  exitCode: number | null;
  quit: boolean;
  app: Emitter;
  /** Resolves app.whenReady(). */
  ready(): void;
  /**
   * What the preload's ipcRenderer.invoke reaches: by default main's ipcMain handler for the channel,
   * called as from the given window's top frame.
   */
  rendererSender: { contents: StandInWebContents; frame: StandInFrame } | null;
  rendererInvokes: [string, unknown[]][];
}

export class StandInWindow extends Emitter {
  static record: StandInRecord;
  readonly webContents: StandInWebContents;
  loadedUrl: string | null = null;
  shown = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    const rec = (new.target as typeof StandInWindow).record;
    this.webContents = new StandInWebContents(rec.windows.length + 1, (channel, args) => {
      for (const fn of rec.rendererListeners.get(channel) ?? []) fn({ sender: null }, ...args);
    });
    rec.windows.push(this);
    rec.windowOptions.push(options);
    rec.app.emit('web-contents-created', event(), this.webContents);
  }
  static getAllWindows(): StandInWindow[] {
    return this.record.windows;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.show(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

/** A fresh stand-in: `module` is what `require('electron')` returns; `record` is what it saw. */
export function createElectronStandIn(opts: { isPackaged?: boolean } = {}): { module: Record<string, unknown>; record: StandInRecord } {
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const record: StandInRecord = {
    windows: [],
    windowOptions: [],
    handlers: new Map(),
    switches: [],
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    permissionRequest: null,
    permissionCheck: null,
    devicePermission: null,
    exposed: new Map(),
    rendererListeners: new Map(),
    exitCode: null,
    quit: false,
    app: new Emitter(),
    ready: () => resolveReady(),
    rendererSender: null,
    rendererInvokes: [],
  };
  // One class per stand-in, so two stand-ins in one process do not share windows.
  const BrowserWindow = class extends StandInWindow {};
  BrowserWindow.record = record;
  const app = {
    isPackaged: opts.isPackaged ?? false,
    getVersion: () => '0.0.0-standin',
    getPath: (name: string) => `/nonexistent/${name}`,
    getAppPath: () => process.cwd(),
    requestSingleInstanceLock: () => true,
    commandLine: { appendSwitch: (name: string, value?: string) => void record.switches.push([name, value]) },
    quit: () => void (record.quit = true),
    exit: (code = 0) => void (record.exitCode = code),
    whenReady: () => readyPromise,
    on: (name: string, fn: Listener) => void record.app.on(name, fn),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (h: PermissionRequestHandler | null) => void (record.permissionRequest = h),
      setPermissionCheckHandler: (h: PermissionCheckHandler | null) => void (record.permissionCheck = h),
      setDevicePermissionHandler: (h: (details: unknown) => boolean) => void (record.devicePermission = h),
    },
  };
  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      record.rendererInvokes.push([channel, args]);
      const handler = record.handlers.get(channel);
      const from = record.rendererSender;
      if (!handler || !from) return Promise.reject(new Error(`No handler registered for '${channel}'`));
      return Promise.resolve(handler({ sender: from.contents, senderFrame: from.frame }, ...args));
    },
    on(channel: string, fn: Listener): void {
      record.rendererListeners.set(channel, [...(record.rendererListeners.get(channel) ?? []), fn]);
    },
    removeListener(channel: string, fn: Listener): void {
      record.rendererListeners.set(
        channel,
        (record.rendererListeners.get(channel) ?? []).filter((l) => l !== fn),
      );
    },
  };
  // Reversible, and never the plain text: enough to see main.ts seal the till credential with it.
  const safeStorage = {
    isEncryptionAvailable: () => true,
    encryptString: (plain: string) => Buffer.from(`standin-sealed:${Buffer.from(plain).toString('hex')}`),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.toString().replace(/^standin-sealed:/, ''), 'hex').toString(),
  };
  const module = {
    app,
    safeStorage,
    BrowserWindow,
    session,
    ipcRenderer,
    ipcMain: { handle: (channel: string, fn: InvokeHandler) => void record.handlers.set(channel, fn) },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void record.exposed.set(key, api) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void record.privilegedSchemes.push(...schemes),
      handle: (scheme: string, fn: (request: Request) => Response | Promise<Response>) => void record.protocolHandlers.set(scheme, fn),
    },
    // Electron's net.fetch reads file: URLs (serveRenderer relies on it); Node's fetch does not.
    net: {
      async fetch(url: string): Promise<Response> {
        const { readFile } = await import('node:fs/promises');
        const { fileURLToPath } = await import('node:url');
        try {
          return new Response(await readFile(fileURLToPath(url)), { status: 200 });
        } catch {
          return new Response('not found', { status: 404 });
        }
      },
    },
  };
  return { module, record };
}
