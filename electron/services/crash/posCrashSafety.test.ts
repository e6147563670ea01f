import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTillDatabase, openTillDatabase } from '../../db/connection';
import { verifyAuditChain } from '../audit';
import { makeTill, tempDir } from '../testing/tillKit';

/**
 * Issue 14's crash test: a child runs POS orders (open, apply, close + return / cancel / close)
 * and is SIGKILLed at random moments, during apply, close, cancel and return alike; each round the
 * POS retries the order in progress with the same Idempotency-Keys. After every kill: each call
 * the child reported is in the database, and nothing is there twice (one redemption per order, one
 * void per cancelled coupon, one event per kind, one return), ledger and outbox one to one.
 */
const CHILD = join(fileURLToPath(new URL('.', import.meta.url)), 'posOrderLoop.ts');
const ROUNDS = 16;

let tmp: ReturnType<typeof tempDir>;
let file: string;
let keyArgs: string[];

beforeAll(() => {
  tmp = tempDir('coupon-till-pos-crash-');
  file = join(tmp.dir, 'till.db');
  const till = makeTill({ file });
  keyArgs = [String(till.key.keyId), Buffer.from(till.key.seed).toString('hex')];
  till.close();
});
afterAll(() => tmp.remove());

function runAndKill(first: number, afterOps: number, thenMs: number): Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, ...keyArgs, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ops = out.split('\n').filter((l) => /^[A-Z]+ \d+$/.test(l) && !l.startsWith('READY')).length;
      if (!timer && out.includes('READY\n') && ops >= afterOps) timer = setTimeout(() => child.kill('SIGKILL'), thenMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ lines: out.split('\n').filter((l) => /^[A-Z]+ \d+$/.test(l)), signal, stderr });
    });
  });
}

const n = (db: Database.Database, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

function checkNothingLostNothingDoubled(db: Database.Database, reported: Set<string>): void {
  for (const line of reported) {
    const [op, num] = line.split(' ') as [string, string];
    const orderId = `C${num}`;
    const state = (db.prepare('SELECT state FROM pos_orders WHERE order_id = ?').get(orderId) as { state: string } | undefined)?.state;
    expect(state, line).toBeDefined();
    if (op === 'APPLY') expect(n(db, "SELECT count(*) AS n FROM redemptions WHERE kind = 'redeem' AND basket_id = ?", `pos:${orderId}`), line).toBe(1);
    if (op === 'CLOSE') {
      expect(['closed', 'partially_returned'], line).toContain(state);
      expect(n(db, "SELECT count(*) AS n FROM pos_order_events WHERE order_id = ? AND kind = 'closed'", orderId), line).toBe(1);
    }
    if (op === 'RETURN') {
      expect(state, line).toBe('partially_returned');
      expect(n(db, 'SELECT count(*) AS n FROM pos_order_returns WHERE order_id = ?', orderId), line).toBe(1);
    }
    if (op === 'CANCEL') {
      expect(state, line).toBe('cancelled');
      expect(n(db, "SELECT count(*) AS n FROM redemptions WHERE kind = 'void' AND basket_id = ?", `pos:${orderId}`), line).toBe(1);
    }
  }
  // Nothing doubled anywhere, reported or not (a kill after the commit and before the report included).
  expect(n(db, "SELECT count(*) AS n FROM (SELECT basket_id FROM redemptions WHERE kind = 'redeem' GROUP BY basket_id HAVING count(*) > 1)")).toBe(0);
  expect(n(db, "SELECT count(*) AS n FROM (SELECT voids_id FROM redemptions WHERE kind = 'void' GROUP BY voids_id HAVING count(*) > 1)")).toBe(0);
  expect(n(db, 'SELECT count(*) AS n FROM (SELECT order_id, kind FROM pos_order_events GROUP BY order_id, kind HAVING count(*) > 1)')).toBe(0);
  expect(n(db, 'SELECT count(*) AS n FROM (SELECT order_id FROM pos_order_returns GROUP BY order_id HAVING count(DISTINCT return_id) > 1)')).toBe(0);
  expect(n(db, 'SELECT count(*) AS n FROM redemptions r LEFT JOIN outbox o ON o.redemption_id = r.id WHERE o.seq IS NULL')).toBe(0);
  expect(n(db, 'SELECT count(*) AS n FROM outbox o LEFT JOIN redemptions r ON r.id = o.redemption_id WHERE r.id IS NULL')).toBe(0);
  expect(verifyAuditChain(db).ok).toBe(true);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('POS orders: crash safety', () => {
  it(`loses nothing and doubles nothing through ${ROUNDS} SIGKILLs during apply, close, cancel and return, the POS retrying with the same keys`, async () => {
    const reported = new Set<string>();
    let first = 1;
    for (let round = 0; round < ROUNDS; round++) {
      const { lines, signal, stderr } = await runAndKill(first, Math.floor(Math.random() * 10), Math.floor(Math.random() * 20));
      expect(signal, stderr).toBe('SIGKILL');
      for (const l of lines.filter((l) => l !== 'READY')) reported.add(l);
      // The POS comes back and retries the order it was in the middle of, with the same keys.
      const opened = lines.filter((l) => l.startsWith('OPEN ')).map((l) => Number(l.slice(5)));
      if (opened.length) first = opened.at(-1)!;
      const db = openTillDatabase(file);
      try {
        checkNothingLostNothingDoubled(db, reported);
      } finally {
        closeTillDatabase(db);
      }
    }
    const ops = [...reported].map((l) => l.split(' ')[0]);
    // Meaningful only if the child got each kind of call done between kills.
    for (const op of ['APPLY', 'CLOSE', 'RETURN', 'CANCEL']) expect(ops, op).toContain(op);
  }, 240_000);
});
