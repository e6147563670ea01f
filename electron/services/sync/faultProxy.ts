import http from 'node:http';

/**
 * A test proxy between a till and HQ that misbehaves on purpose: it drops requests, drops
 * answers after HQ has committed, cuts bodies mid-way, delivers requests twice and delays
 * them past the till's timeout. `pick` chooses the fault for each request (seeded in tests).
 */
export type Fault = 'pass' | 'drop_request' | 'drop_response' | 'cut_request_body' | 'cut_response_body' | 'duplicate' | 'delay';
export const FAULTS: Fault[] = ['pass', 'drop_request', 'drop_response', 'cut_request_body', 'cut_response_body', 'duplicate', 'delay'];

export interface FaultProxy {
  url: string;
  counts: Record<Fault, number>;
  /** Requests still being forwarded (delayed ones may reach HQ after the till gave up). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function forward(target: URL, req: http.IncomingMessage, body: Buffer, cut = false): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    const up = http.request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    up.on('error', reject);
    if (cut) {
      up.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => {
        up.destroy();
        reject(new Error('cut'));
      }, 20);
      return;
    }
    up.end(body);
  });
}

export async function startFaultProxy(targetUrl: string, pick: () => Fault, delayMs: () => number): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    const q = p.catch(() => undefined).finally(() => inflight.delete(q));
    inflight.add(q);
    return p;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = pick();
      counts[fault]++;
      const reply = (u: Upstream) => {
        const headers = { ...u.headers };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(u.body.length);
        res.writeHead(u.status, headers);
        res.end(u.body);
      };
      switch (fault) {
        case 'drop_request':
          req.socket.destroy();
          return;
        case 'drop_response':
          track(forward(target, req, body)).then(
            () => req.socket.destroy(),
            () => req.socket.destroy(),
          );
          return;
        case 'cut_request_body':
          track(forward(target, req, body, true)).catch(() => req.socket.destroy());
          return;
        case 'cut_response_body':
          track(forward(target, req, body)).then(
            (u) => {
              res.writeHead(u.status, { ...u.headers, 'content-length': String(u.body.length) });
              res.write(u.body.subarray(0, Math.floor(u.body.length / 2)));
              setTimeout(() => req.socket.destroy(), 5);
            },
            () => req.socket.destroy(),
          );
          return;
        case 'duplicate': {
          const first = track(forward(target, req, body));
          void track(forward(target, req, body));
          first.then(reply, () => req.socket.destroy());
          return;
        }
        case 'delay':
          track(new Promise((r) => setTimeout(r, delayMs())).then(() => forward(target, req, body))).then(reply, () => req.socket.destroy());
          return;
        default:
          track(forward(target, req, body)).then(reply, () => req.socket.destroy());
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    async settle() {
      while (inflight.size) await Promise.all([...inflight]);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
