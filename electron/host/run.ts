import { bootTill, type BootedTill, type BootOptions } from '../demo/boot';
import { startHost, type Host } from './server';

export interface RunningTillHost extends BootedTill {
  host: Host;
}

/** The whole till without Electron: boot (db, services, demo, embedded HQ) and serve it over the host. */
export async function runTillHost(opts: Omit<BootOptions, 'shell'> & { rendererDir: string; port?: number; secret?: string }): Promise<RunningTillHost> {
  const booted = await bootTill({ ...opts, shell: 'host' });
  try {
    const host = await startHost({
      api: booted.app.api,
      rendererDir: opts.rendererDir,
      onClientGone: (id) => booted.app.clientGone(id),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.secret ? { secret: opts.secret } : {}),
    });
    booted.app.setPush((clientId, event, payload) => host.emit(clientId, event, payload));
    const close = booted.close;
    return Object.assign(booted, {
      host,
      async close() {
        await host.close();
        await close();
      },
    });
  } catch (err) {
    await booted.close();
    throw err;
  }
}
