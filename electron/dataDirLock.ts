import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tryLock, unlock } from 'fs-native-extensions';

export const LOCK_FILE = 'till.lock';

/**
 * One till process per data folder (Electron also has its single-instance lock; the Node host
 * and the command lines use this). The lock is the kernel's: an exclusive flock (LockFileEx on
 * Windows) on the open till.lock, which the kernel drops the moment the process dies, by
 * kill -9 too, zombie or not, whatever its pid is later given to. The pid written inside is for
 * the refusal message only, never trusted. Returns the release function, or throws with who
 * holds it. See docs/decisions/051-data-folder-lock.md.
 */
export function lockDataDir(dir: string, opts: { waitMs?: number } = {}): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  // 'a+' creates it when missing and never truncates what a holder wrote before we know we hold it.
  const fd = openSync(file, 'a+', 0o600);
  let locked = false;
  try {
    // A till killed a moment ago may still be exiting its other threads: give the kernel a moment.
    const until = Date.now() + (opts.waitMs ?? 2_000);
    while (!(locked = tryLock(fd)) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
  } finally {
    if (!locked) closeSync(fd);
  }
  if (!locked) {
    const pid = readFileSync(file, 'utf8').trim();
    const who = /^\d+$/.test(pid) ? ` (pid ${pid})` : '';
    throw new Error(`Another Coupon Till${who} is using ${dir}. Close it first, or set COUPON_TILL_DATA to another folder.`);
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // The file stays: removing it would let a third process lock a new file while a second still waits on this one.
    unlock(fd);
    closeSync(fd);
  };
}
