import { contextBridge, ipcRenderer } from 'electron';
import { exposeChannels, IPC_EVENT, type InvokeOptions, type TillTransport } from '../shared/ipc/api';
import { CHANNEL_NAMES, isChannelName } from '../shared/ipc/channelNames';
import type { Channel } from '../shared/ipc/contract';
import { isTillEventName, type TillEventName } from '../shared/ipc/pushEvents';
import { fail, type Result } from '../shared/ipc/result';

/**
 * The sandboxed preload: exposes `window.till` and nothing else: one method per contract channel
 * (each forwards to that one ipcMain handler), `on` for pushes, and `shell`. Never ipcRenderer
 * itself, never an arbitrary channel name; main checks everything again. Bundled with esbuild
 * (build/buildElectron.mjs), since a sandboxed preload cannot require anything but 'electron'.
 */
const transport: TillTransport = {
  shell: 'electron',
  async invoke(channel: Channel, request?: unknown, options?: InvokeOptions): Promise<Result<never>> {
    if (!isChannelName(channel)) return fail('unknown_channel', 'No such API channel.');
    const envelope = options?.overrideToken ? { request: request ?? {}, overrideToken: options.overrideToken } : { request: request ?? {} };
    try {
      return (await ipcRenderer.invoke(channel, envelope)) as Result<never>;
    } catch {
      return fail('unavailable', 'The till service did not answer.');
    }
  },
  on(event: TillEventName, listener: (payload: never) => void): () => void {
    if (!isTillEventName(event)) return () => undefined;
    const handler = (_e: unknown, name: unknown, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
} as TillTransport;

contextBridge.exposeInMainWorld('till', exposeChannels(transport, CHANNEL_NAMES));
