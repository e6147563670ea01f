import type { FastifyReply } from 'fastify';
import type { PosEvent } from '../../shared/pos/events';
import type { PosEventListener } from '../services/pos/orders';

/** Where order events come from (PosOrders.onEvent). */
export interface PosEventSource {
  onEvent(listener: PosEventListener): () => void;
}

/** A comment line every 15 s keeps proxies and the POS's HTTP client from dropping a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * One POS's event stream (text/event-stream): the events of the orders that POS opened, each as
 * `id`, `event` (its type) and `data` (JSON). Ends when the POS goes away, the pairing is revoked
 * or the API stops. Events are not replayed: after a reconnect the POS reads its order (GET).
 */
export function streamEvents(reply: FastifyReply, source: PosEventSource, pairingId: string): { end(): void } {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  let id = 0;
  const send = (event: PosEvent) => res.write(`id: ${++id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  const unsubscribe = source.onEvent((event, openedBy) => {
    if (openedBy === `pos:${pairingId}`) send(event);
  });
  const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(keepalive);
    unsubscribe();
    res.end();
  };
  res.on('close', end);
  return { end };
}
