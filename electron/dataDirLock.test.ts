import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './dataDirLock';

/**
 * One till process per data folder, and a restart after a crash always works: the lock is the
 * kernel's (flock on an open file), so it dies with its process, whatever its pid becomes.
 */
const holder = join(import.meta.dirname, 'testing', 'lockHolder.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'till-lock-'));
  dirs.push(dir);
  return dir;
}

/** Starts `cmd` and resolves with the pid of the process that took the lock once it says "locked". */
function startHolder(cmd: string, args: string[]): Promise<{ child: ChildProcess; holderPid: number }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /locked (\d+)/.exec(out);
      if (m) resolve({ child, holderPid: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`holder exited (${code}) before locking: ${out}`)));
  });
}

function gone(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => {
      // A zombie still answers kill(pid, 0): wait for its state instead.
      let state: string;
      try {
        state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.slice(0, 1);
      } catch {
        return resolve();
      }
      // A zombie leader may still have threads exiting (they hold the open files): wait for them too.
      if (state === 'Z' && readdirSync(`/proc/${pid}/task`).length <= 1) return resolve();
      setTimeout(poll, 10);
    };
    poll();
  });
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the data-folder lock', () => {
  it('refuses a second till while the first runs, naming its pid; released, it can be taken again', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir, { waitMs: 0 })).toThrow(new RegExp(`Another Coupon Till \\(pid ${process.pid}\\) is using`));
    release();
    lockDataDir(dir)();
  });

  it('is refused while another process holds it, and free the moment that process is killed -9', async () => {
    const dir = tempDir();
    const { child, holderPid } = await startHolder(process.execPath, ['--import', 'tsx', holder, dir]);
    expect(() => lockDataDir(dir, { waitMs: 100 })).toThrow(new RegExp(`pid ${holderPid}`));
    child.kill('SIGKILL');
    await gone(holderPid);
    lockDataDir(dir, { waitMs: 0 })();
  }, 30_000);

  it('is free after kill -9 even while the dead till is a zombie its parent never reaped', async () => {
    const dir = tempDir();
    // sh starts the holder in the background, then becomes `sleep`, which never waits for it.
    const { holderPid } = await startHolder('sh', ['-c', `"${process.execPath}" --import tsx "${holder}" "${dir}" & exec sleep 60`]);
    process.kill(holderPid, 'SIGKILL');
    await gone(holderPid);
    expect(readFileSync(`/proc/${holderPid}/stat`, 'utf8')).toMatch(/\) Z /);
    lockDataDir(dir, { waitMs: 0 })();
  }, 30_000);

  it('is free when the pid in till.lock now belongs to another, living process (pid reuse)', async () => {
    const dir = tempDir();
    const other = spawn('sleep', ['60']);
    children.push(other);
    writeFileSync(join(dir, 'till.lock'), String(other.pid));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'till.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
  });
});
