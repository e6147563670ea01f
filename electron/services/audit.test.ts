import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTillDatabase, openTillDatabase, type TillDatabase } from '../db/connection';
import { appendAudit, recentAudit, verifyAuditChain } from './audit';

let db: TillDatabase;
beforeEach(() => {
  db = openTillDatabase(':memory:');
  for (let i = 1; i <= 5; i++) appendAudit(db, { actor: `u${i}`, action: 'test.step', detail: { i }, at: 1000 + i });
});
afterEach(() => closeTillDatabase(db));

describe('audit chain', () => {
  it('verifies an untouched chain and links each entry to the previous hash', () => {
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 5 });
    const [newest, previous] = recentAudit(db, 2);
    expect(newest!.prevHash).toBe(previous!.hash);
    expect(newest!.detail).toEqual({ i: 5 });
  });

  it('detects an edited field (detail, actor, time) at the edited entry', () => {
    db.prepare(`UPDATE audit_log SET detail = '{"i":33}' WHERE seq = 3`).run();
    expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 3 });
    db.prepare(`UPDATE audit_log SET detail = '{"i":3}' WHERE seq = 3`).run();
    expect(verifyAuditChain(db).ok).toBe(true);
    db.prepare(`UPDATE audit_log SET actor = 'someone else' WHERE seq = 2`).run();
    expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 2 });
  });

  it('detects a deleted entry in the middle', () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 2 });
  });

  it('detects the newest entries cut off the end', () => {
    db.prepare('DELETE FROM audit_log WHERE seq >= 4').run();
    expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 4 });
  });

  it('detects a re-hashed edit (recomputing one hash breaks the next link)', () => {
    const row = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log WHERE seq = 4').get()!;
    db.prepare(`UPDATE audit_log SET hash = ? WHERE seq = 3`).run(row.hash);
    expect(verifyAuditChain(db).ok).toBe(false);
  });

  it('rolls back with the transaction it is part of', () => {
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { actor: 'u', action: 'x', detail: {} });
        throw new Error('the audited change failed');
      })(),
    ).toThrow();
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 5 });
  });
});
