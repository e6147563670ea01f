import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';

/**
 * A webhook receiver for tests, with failures injected: each request takes the next behaviour
 * from `plan` (then `otherwise`): answer 200, answer 500, or hang (never answer until closed).
 * It records every request and whether its signature verified with the endpoint's secret,
 * checked here from the documented scheme (not with HQ's own helper, so a wrong signer fails).
 */
function verified(secret: string, timestamp: string, signature: string, body: string): boolean {
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  return fresh && signature === `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type Behaviour = 'ok' | '500' | 'hang';

export interface ReceivedCall {
  eventId: string;
  type: string;
  body: string;
  verified: boolean;
  answered: Behaviour;
}

export interface TestReceiver {
  url: string;
  calls: ReceivedCall[];
  plan: Behaviour[];
  otherwise: Behaviour;
  secret: string;
  /** Requests held open right now. */
  hanging(): number;
  /** The distinct event ids answered 200 (what a deduplicating receiver processed). */
  delivered(): Map<string, ReceivedCall>;
  /** Resolves once `test` holds (checked on every request, and every 20 ms). */
  until(test: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const held = new Set<http.ServerResponse>();
  const r: TestReceiver = {
    url: '',
    calls: [],
    plan: [],
    otherwise: 'ok',
    secret: '',
    hanging: () => held.size,
    delivered: () => new Map(r.calls.filter((c) => c.answered === 'ok').map((c) => [c.eventId, c])),
    until: async (test, timeoutMs = 20_000) => {
      const end = Date.now() + timeoutMs;
      while (!test()) {
        if (Date.now() > end) throw new Error('the receiver did not see what the test waited for');
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((res) => server.close(res));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const behaviour = r.plan.shift() ?? r.otherwise;
      const parsed = JSON.parse(body) as { id: string; type: string };
      const ok =
        verified(r.secret, String(req.headers['webhook-timestamp']), String(req.headers['webhook-signature']), body) && parsed.id === req.headers['webhook-id'];
      r.calls.push({ eventId: String(req.headers['webhook-id']), type: parsed.type, body, verified: ok, answered: behaviour });
      if (behaviour === 'hang') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.writeHead(behaviour === 'ok' ? 200 : 500).end(behaviour === 'ok' ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}
