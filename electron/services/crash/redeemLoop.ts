/**
 * Crash-safety test child (see crashSafety.test.ts). Opens the till database given on the
 * command line and redeems distinct signed codes in a loop, voiding now and then. It prints
 * "R <id>" / "V <id>" only AFTER redeem / void returned, i.e. after the transaction committed:
 * the parent kills it with SIGKILL at random moments and checks every printed id survived.
 *
 * usage: tsx redeemLoop.ts <db file> <key id> <seed hex> <first serial>
 */
import { closeTillDatabase, openTillDatabase } from '../../db/connection';
import { dayNumber } from '../../../shared/couponCode';
import { issuingKeyFromSeed, mintCode } from '../codeSigning';
import { RedemptionService } from '../redemption';

const [file, keyIdText, seedHex, firstSerialText] = process.argv.slice(2);
if (!file || !keyIdText || !seedHex || !firstSerialText) {
  process.stderr.write('usage: redeemLoop.ts <db file> <key id> <seed hex> <first serial>\n');
  process.exit(2);
}

const db = openTillDatabase(file);
const service = new RedemptionService(db, { now: () => Date.now() });
const key = issuingKeyFromSeed(Number(keyIdText), Buffer.from(seedHex, 'hex'));
const today = dayNumber(Date.now());
// Pipes are synchronous on Linux: once write() returns, the parent will see the line even if we die.
const say = (line: string) => process.stdout.write(line + '\n');

say('READY');
let lastId: string | null = null;
for (let serial = Number(firstSerialText); ; serial++) {
  if (serial % 7 === 0 && lastId) {
    const v = service.voidRedemption({ redemptionId: lastId, reason: 'crash test void' }, { actorId: 'manager-1' });
    say(`V ${v.id}`);
    lastId = null;
    continue;
  }
  const code = mintCode(key, { campaignId: 1, serial, issueDay: today - 1, expiryDay: today + 30 });
  const r = service.redeem({ code, basket: { id: `crash-${serial}`, totalMinor: 1000 }, source: 'wedge' }, { cashierId: 'cashier-1' });
  if (!r.redemption || r.duplicate) {
    process.stderr.write(`unexpected verdict for serial ${serial}: ${JSON.stringify(r.verdict)}\n`);
    closeTillDatabase(db);
    process.exit(3);
  }
  lastId = r.redemption.id;
  say(`R ${r.redemption.id}`);
}
