/**
 * Crash-safety test child for POS orders (see posCrashSafety.test.ts). Opens the till database
 * given on the command line and runs POS orders from number <first> on, each with its own
 * Idempotency-Keys: open, apply a code, then close and return a line, or cancel, or close only.
 * It prints "<op> <order number>" only AFTER the call returned (committed). The parent SIGKILLs it
 * at random moments and starts it again from the order in progress: a POS retrying its calls
 * with the same keys after the till came back. Nothing reported may be missing; nothing doubled.
 *
 * usage: tsx posOrderLoop.ts <db file> <key id> <seed hex> <first order number>
 */
import { dayNumber } from '../../../shared/couponCode';
import { openTillDatabase } from '../../db/connection';
import { issuingKeyFromSeed, mintCode } from '../codeSigning';
import { RedemptionService } from '../redemption';
import { TillRedemptions } from '../tillRedemptions';
import { PosOrders } from '../pos/orders';

const [file, keyIdText, seedHex, firstText] = process.argv.slice(2);
if (!file || !keyIdText || !seedHex || !firstText) {
  process.stderr.write('usage: posOrderLoop.ts <db file> <key id> <seed hex> <first order number>\n');
  process.exit(2);
}

const db = openTillDatabase(file);
const ledger = new RedemptionService(db, { now: () => Date.now() });
const orders = new PosOrders({ db, ledger, redemptions: new TillRedemptions(ledger, db, null), now: () => Date.now() });
const key = issuingKeyFromSeed(Number(keyIdText), Buffer.from(seedHex, 'hex'));
const today = dayNumber(Date.now());
const say = (line: string) => process.stdout.write(line + '\n');
const lines = [
  { lineId: '1', sku: 'MILK', quantity: 2, unitPriceMinor: 600 },
  { lineId: '2', sku: 'BREAD', quantity: 1, unitPriceMinor: 900 },
];
const as = (n: number, op: string) => ({ actorId: 'pos:crash', scope: 'crash', idempotencyKey: `${op}-${n}` });

/** What happens to order n after its coupon: 0 close + return, 1 cancel, 2 close only, 3 left open. */
const fateOf = (n: number) => n % 4;

async function run(): Promise<void> {
  say('READY');
  for (let n = Number(firstText); ; n++) {
    const orderId = `C${n}`;
    orders.open({ orderId, lines, totalMinor: 2_100 }, as(n, 'open'));
    say(`OPEN ${n}`);
    const code = mintCode(key, { campaignId: 1, serial: n, issueDay: today - 1, expiryDay: today + 30 });
    const applied = await orders.apply({ orderId, code, source: 'wedge' }, as(n, 'apply'));
    if (!applied.verdict.ok) throw new Error(`order ${n}: ${JSON.stringify(applied.verdict)}`);
    say(`APPLY ${n}`);
    const fate = fateOf(n);
    if (fate === 0 || fate === 2) {
      orders.close({ orderId, receiptNo: `R${n}`, paidTotalMinor: 1_600 }, as(n, 'close'));
      say(`CLOSE ${n}`);
    }
    if (fate === 0) {
      orders.returnLines({ orderId, lines: [{ lineId: '1', quantity: 1 }] }, as(n, 'return'));
      say(`RETURN ${n}`);
    }
    if (fate === 1) {
      orders.cancel({ orderId }, as(n, 'cancel'));
      say(`CANCEL ${n}`);
    }
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(3);
});
