import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTillDatabase, openTillDatabase } from '../../db/connection';
import { verifyAuditChain } from '../audit';
import { makeTill, tempDir } from '../testing/tillKit';

/**
 * Nothing accepted is ever lost: a child redeems in a loop and is killed with SIGKILL at a
 * random moment, round after round; after each kill, every redemption or void it reported
 * must be in the ledger and in the outbox exactly once, and the audit chain must verify.
 */
const CHILD = join(fileURLToPath(new URL('.', import.meta.url)), 'redeemLoop.ts');
const ROUNDS = 24;

let tmp: ReturnType<typeof tempDir>;
let file: string;
let keyArgs: string[];

beforeAll(() => {
  tmp = tempDir('coupon-till-crash-');
  file = join(tmp.dir, 'till.db');
  const till = makeTill({ file });
  keyArgs = [String(till.key.keyId), Buffer.from(till.key.seed).toString('hex')];
  till.close();
});
afterAll(() => tmp.remove());

/**
 * Runs the child until it has reported `afterEntries` entries, waits `thenMs` more (so the kill
 * lands at a random point of a later transaction), then SIGKILLs it; returns what it reported.
 * Counting entries rather than milliseconds keeps the test meaningful on a loaded machine.
 */
function runAndKill(firstSerial: number, afterEntries: number, thenMs: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, ...keyArgs, String(firstSerial)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const entries = out.split('\n').filter((l) => /^[RV] /.test(l)).length;
      if (!timer && out.includes('READY\n') && entries >= afterEntries) timer = setTimeout(() => child.kill('SIGKILL'), thenMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ lines: out.split('\n').filter((l) => /^[RV] /.test(l)), signal, stderr });
    });
  });
}

describe('crash safety', () => {
  it(`keeps every reported redemption through ${ROUNDS} SIGKILLs at random moments`, async () => {
    const reported = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const { lines, signal, stderr } = await runAndKill(1 + round * 1_000_000, Math.floor(Math.random() * 12), Math.floor(Math.random() * 25));
      expect(signal, stderr).toBe('SIGKILL');
      for (const l of lines) reported.add(l.slice(2));

      const db = openTillDatabase(file);
      try {
        const inLedger = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM redemptions WHERE id = ?');
        const inOutbox = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM outbox WHERE redemption_id = ?');
        for (const id of reported) {
          expect(inLedger.get(id)!.n, `ledger ${id}`).toBe(1);
          expect(inOutbox.get(id)!.n, `outbox ${id}`).toBe(1);
        }
        // No half-written redemption either: every ledger entry has its outbox row and vice versa.
        expect(db.prepare('SELECT count(*) AS n FROM redemptions r LEFT JOIN outbox o ON o.redemption_id = r.id WHERE o.seq IS NULL').get()).toEqual({ n: 0 });
        expect(db.prepare('SELECT count(*) AS n FROM outbox o LEFT JOIN redemptions r ON r.id = o.redemption_id WHERE r.id IS NULL').get()).toEqual({ n: 0 });
        expect(verifyAuditChain(db).ok).toBe(true);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        closeTillDatabase(db);
      }
    }
    // The test means something only if the child got work done before being killed.
    expect(reported.size).toBeGreaterThan(ROUNDS);
    console.log(`crash safety: ${ROUNDS} SIGKILLs, ${reported.size} reported entries all durable`);
  }, 120_000);
});
