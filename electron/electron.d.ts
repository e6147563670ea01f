/**
 * Minimal type declarations for the parts of Electron the shell uses. The `electron` package
 * is an optionalDependency whose install fails without internet, so its own types are absent
 * here. Delete this file where `node_modules/electron` is installed: its types then apply.
 */
declare module 'electron' {
  interface Event {
    preventDefault(): void;
  }
  interface WebFrameMain {
    url: string;
    origin: string;
    top: WebFrameMain | null;
  }
  interface WebContents {
    id: number;
    mainFrame: WebFrameMain;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: Event, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
    on(event: 'destroyed', listener: () => void): this;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  }
  interface IpcMainInvokeEvent {
    sender: WebContents;
    senderFrame: WebFrameMain | null;
  }
  interface IpcRendererEvent {
    sender: unknown;
  }
  interface PermissionRequestDetails {
    mediaTypes?: ('video' | 'audio')[];
    requestingUrl?: string;
  }
  interface Session {
    setPermissionRequestHandler(
      handler: ((wc: WebContents, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void) | null,
    ): void;
    setPermissionCheckHandler(handler: ((wc: WebContents | null, permission: string, origin: string, details: { mediaType?: string }) => boolean) | null): void;
    setDevicePermissionHandler(handler: (details: { deviceType: string; origin: string }) => boolean): void;
  }
  interface BrowserWindowOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    kiosk?: boolean;
    fullscreen?: boolean;
    autoHideMenuBar?: boolean;
    backgroundColor?: string;
    title?: string;
    webPreferences?: {
      preload?: string;
      contextIsolation?: boolean;
      sandbox?: boolean;
      nodeIntegration?: boolean;
      nodeIntegrationInSubFrames?: boolean;
      nodeIntegrationInWorker?: boolean;
      webSecurity?: boolean;
      allowRunningInsecureContent?: boolean;
      webviewTag?: boolean;
      spellcheck?: boolean;
      devTools?: boolean;
      navigateOnDragDrop?: boolean;
      safeDialogs?: boolean;
    };
  }
  class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    static getAllWindows(): BrowserWindow[];
    webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
  }
  const app: {
    isPackaged: boolean;
    getVersion(): string;
    getPath(name: 'userData' | 'appData' | 'temp' | 'logs'): string;
    getAppPath(): string;
    requestSingleInstanceLock(): boolean;
    commandLine: { appendSwitch(name: string, value?: string): void };
    quit(): void;
    exit(code?: number): void;
    whenReady(): Promise<void>;
    on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): void;
    on(event: 'before-quit' | 'will-quit', listener: (event: Event) => void): void;
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): void;
  };
  /** The OS key store (Keychain, DPAPI, libsecret): the till credential is sealed with it. */
  const safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plain: string): Buffer;
    decryptString(sealed: Buffer): string;
  };
  const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  };
  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  };
  const contextBridge: {
    exposeInMainWorld(key: string, api: unknown): void;
  };
  const protocol: {
    registerSchemesAsPrivileged(
      schemes: { scheme: string; privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean; corsEnabled?: boolean; stream?: boolean } }[],
    ): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  const session: { defaultSession: Session };
  const net: { fetch(url: string): Promise<Response> };
}
