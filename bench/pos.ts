/**
 * bench:pos — applying a code to a POS order of 50 lines (the order services: the order read, the
 * redemption written durably with fsync, the effects computed and the answer kept for the
 * Idempotency-Key), beside the same redemption without the order (RedemptionService.redeem on a
 * 50-line basket), on a temp-file database (synchronous=FULL, WAL). Prints p50 / p99 in ms.
 * And the same apply through the POS HTTP API (bench/posHttp.ts: a real till, loopback Fastify, credential check).
 * HQ reconciliation of 1,000,000 redemptions is pos-hq's (bench/posReconcile.ts).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { makePosTill } from '../electron/services/pos/testing';
import { applyOverHttp } from './posHttp';

const RUNS = Number(process.argv[2] ?? 300);
const LINES = Array.from({ length: 50 }, (_, i) => ({
  lineId: `L${i + 1}`,
  sku: `SKU-${i}`,
  category: i % 2 ? 'drinks' : 'grocery',
  quantity: 1 + (i % 3),
  unitPriceMinor: 199 + i * 37,
}));
const TOTAL = LINES.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);

function stats(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const t = makePosTill();
  try {
    const plain: number[] = [];
    const order: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const basket = { id: `b-${i}`, totalMinor: TOTAL, lines: LINES.map(({ lineId: _id, ...l }) => l) };
      const code = t.mint(1, 10_000 + i);
      let a = performance.now();
      const r = t.service.redeem({ code, basket, source: 'wedge' }, { cashierId: 'bench' });
      plain.push(performance.now() - a);
      if (!r.redemption) throw new Error(`plain redeem refused: ${JSON.stringify(r.verdict)}`);

      t.orders.open({ orderId: `O-${i}`, lines: LINES, totalMinor: TOTAL }, t.pos);
      const orderCode = t.mint(1, 50_000 + i);
      a = performance.now();
      const applied = await t.orders.apply({ orderId: `O-${i}`, code: orderCode }, t.keyed(`k-${i}`));
      order.push(performance.now() - a);
      if (!applied.verdict.ok) throw new Error(`order apply refused: ${JSON.stringify(applied.verdict)}`);
    }
    const p = stats(plain);
    const o = stats(order);
    const h = stats(await applyOverHttp(RUNS, LINES));
    console.log(
      `bench:pos  ${RUNS} applies, 50-line order, temp-file SQLite (fsync)  load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(`  redeem without an order   p50 ${p.p50.toFixed(2)} ms   p99 ${p.p99.toFixed(2)} ms`);
    console.log(`  apply to a POS order      p50 ${o.p50.toFixed(2)} ms   p99 ${o.p99.toFixed(2)} ms   (ratio p50 ${(o.p50 / p.p50).toFixed(2)}x)`);
    console.log(
      `  apply over the HTTP API   p50 ${h.p50.toFixed(2)} ms   p99 ${h.p99.toFixed(2)} ms   (goal p99 <= 5 ms: ${h.p99 <= 5 ? 'MET' : 'MISSED'}; ratio p50 ${(h.p50 / p.p50).toFixed(2)}x)`,
    );
  } finally {
    t.close();
  }
}

void main();
