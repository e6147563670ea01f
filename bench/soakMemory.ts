/**
 * Memory of whole processes as the kernel counts it for bench:soak: PSS (proportional set size:
 * each shared page split between the processes sharing it) from /proc/<pid>/smaps_rollup, not
 * RSS, which counts Chromium's shared pages once per process. Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** PSS of one process in kB, or null when it is gone. */
export function pssKb(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface ProcInfo {
  pid: number;
  ppid: number;
  exe: string;
}

function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces and parentheses): state ppid ...
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')[0] ?? '';
      out.push({ pid: Number(name), ppid: Number(rest[1]), exe: cmd });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Every process below `root` (children, grandchildren ...) whose command line starts with `exePart`. */
export function descendants(root: number, exePart: string): number[] {
  const all = processes();
  const below = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid) && p.exe.includes(exePart)).map((p) => p.pid);
}

/** Summed PSS (kB) of the given processes, and how many of them answered. */
export function totalPssKb(pids: readonly number[]): { kb: number; processes: number } {
  let kb = 0;
  let processes = 0;
  for (const pid of pids) {
    const v = pssKb(pid);
    if (v !== null) {
      kb += v;
      processes++;
    }
  }
  return { kb, processes };
}

/** CPU time (user + system, ms) the given processes have used so far; a process gone counts 0. */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
      ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
      // exited
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
