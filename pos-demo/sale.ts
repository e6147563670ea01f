/**
 * The reference POS's whole sale, step by step: an integrator reads this to see the order of
 * calls. Lines and a member, a coupon (typed at the POS, or scanned at the till's own scanner
 * while this order is the till's current order), the discount per line on the receipt, close with
 * the receipt number, then a partial return. Prints as it goes (`say`).
 */
import type { OrderView, TillClient } from './tillClient';

export interface SaleOptions {
  orderId: string;
  /** A code the POS scanned itself; without one, wait for the till's scanner (up to `waitMs`). */
  code?: string;
  waitMs?: number;
  receiptNo: string;
  /** Cancel instead of closing (the customer walked away). */
  cancel?: boolean;
  say?: (line: string) => void;
  /** The customer pays (the demo CLI waits for Enter); the order is closed after it. */
  payment?: (order: OrderView) => Promise<void>;
}

export const DEMO_LINES = [
  { lineId: '1', sku: '6901234567892', name: '光明 Yogurt 1 kg', category: 'dairy', quantity: 2, unitPriceMinor: 3_250 },
  { lineId: '2', sku: '6909876543210', name: 'Oolong tea 乌龙茶 500 ml', category: 'drinks', quantity: 3, unitPriceMinor: 800 },
  { lineId: '3', sku: '6905555000013', category: 'bakery', quantity: 1, unitPriceMinor: 4_500 },
];

const money = (minor: number) => `¥${(minor / 100).toFixed(2)}`;

function must<T>(answer: { ok: true; value: T } | { ok: false; error: { message: string; details?: { reason?: string } } }): T {
  if (!answer.ok) throw new Error(`${answer.error.details?.reason ?? 'refused'}: ${answer.error.message}`);
  return answer.value;
}

/** The receipt as the POS prints it: each line with its coupon price modifiers, then the totals. */
export function receiptText(order: OrderView): string[] {
  const out = [`Receipt ${order.receiptNo ?? '(open)'}  order ${order.orderId}`];
  for (const line of order.effects.lines) {
    const l = order.lines.find((x) => x.lineId === line.lineId)!;
    out.push(`  ${l.sku}  ${l.quantity} x ${money(l.unitPriceMinor)}  ${money(line.grossMinor)}`);
    for (const m of line.modifiers) {
      const coupon = order.effects.coupons.find((c) => c.redemptionId === m.redemptionId);
      out.push(`      coupon ${coupon?.campaignName ?? m.campaignId}  -${money(m.amountMinor)}`);
    }
  }
  out.push(`  Total ${money(order.effects.totalMinor)}  Coupons -${money(order.effects.discountMinor)}  To pay ${money(order.effects.netMinor)}`);
  return out;
}

async function couponFromTill(till: TillClient, orderId: string, waitMs: number, say: (l: string) => void): Promise<void> {
  let stop: (() => void) | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('No coupon was scanned at the till in time.')), waitMs);
    void till
      .events((e) => {
        if (e.orderId !== orderId) return;
        if (e.type === 'verdict') say(`Till's verdict: ${JSON.stringify(e.verdict)}`);
        if (e.type === 'coupon.applied') {
          clearTimeout(timer);
          resolve();
        }
      })
      .then((s) => {
        stop = s.stop;
        // Only once the event stream is open: a coupon scanned before that would not be heard.
        say(`Scan the coupon with the till's scanner now (order ${orderId} is on the till's screen)…`);
      }, reject);
  });
  stop?.();
}

/** Runs one whole sale; answers the order after the return (or after the cancel). */
export async function runSale(till: TillClient, opts: SaleOptions): Promise<OrderView> {
  const say = opts.say ?? ((l: string) => console.log(l));
  const totalMinor = DEMO_LINES.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0);
  must(await till.openOrder({ orderId: opts.orderId, lines: DEMO_LINES, totalMinor, memberId: 'M-1001', memberTier: 'gold' }));
  say(`Order ${opts.orderId} open: ${DEMO_LINES.length} lines, ${money(totalMinor)}, member M-1001 (gold)`);
  if (opts.code) {
    const { verdict } = must(await till.applyCode(opts.orderId, opts.code));
    say(verdict.ok ? `Coupon accepted: ${verdict.campaignName} -${money(verdict.discountMinor ?? 0)}` : `Coupon refused: ${verdict.reason}`);
  } else {
    await couponFromTill(till, opts.orderId, opts.waitMs ?? 120_000, say);
  }
  const order = must(await till.order(opts.orderId));
  if (opts.cancel) {
    const cancelled = must(await till.cancel(opts.orderId, 'Customer walked away'));
    say(`Order ${opts.orderId} cancelled: its coupons are voided at the till.`);
    return cancelled;
  }
  say(`To pay ${money(order.effects.netMinor)}`);
  await opts.payment?.(order);
  const closed = must(await till.close(opts.orderId, opts.receiptNo, order.effects.netMinor));
  receiptText(closed).forEach((l) => say(l));
  const back = must(await till.returnLines(opts.orderId, [{ lineId: '1', quantity: 1 }]));
  const reversed = back.reversals.reduce((s, r) => s + r.amountMinor, 0);
  say(`Returned 1 of line 1: refund ${money(DEMO_LINES[0]!.unitPriceMinor - reversed)} (coupon share ${money(reversed)} reversed); order ${back.order.state}`);
  return back.order;
}
