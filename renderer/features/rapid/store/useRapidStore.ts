import { create } from 'zustand';
import type { CouponVerdict } from '../../../../shared/redemption';
import type { ScanSource } from '../../../../shared/scan';
import { parseMinor } from '../../../../shared/money';
import { newId } from '../../../../shared/ids';
import * as api from '../api/rapidApi';
import { RecentScans } from './recentScans';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';

/**
 * Rapid scan mode: scan after scan, one row per scan. A row is added the moment the scan is
 * taken (so none can be lost while main answers) and filled in when the verdict comes; each
 * scan is its own basket with the sticky basket total. Repeats of a code within the window
 * are ignored here; the requestId makes main's answer idempotent anyway.
 *
 * Without a basket total a money coupon is worth nothing here: such a scan is HELD (amber
 * "needs the total", nothing written) and redeemed as soon as a total is entered. Coupons that
 * need no total (gift, privilege) and refusals that do not depend on it go through at once.
 */

export interface RapidRow {
  seq: number;
  code: string;
  requestId: string;
  /** needTotal: held until the basket total is entered (nothing written yet). */
  state: 'checking' | 'needTotal' | 'done' | 'error';
  verdict?: CouponVerdict;
  duplicate?: boolean;
  message?: string;
}

/** Rows kept on screen; counts and totals cover every scan of the session. */
export const MAX_ROWS = 500;

interface RapidState {
  rows: RapidRow[];
  acceptedCount: number;
  refusedCount: number;
  totalDiscountMinor: number;
  ignoredRepeats: number;
  totalText: string;
  /** Scans held for the basket total, oldest first. */
  held: { row: RapidRow; source: ScanSource }[];
  setTotalText(text: string): void;
  /** The cashier finished entering the total (Enter): held scans are redeemed with it. */
  commitTotal(): Promise<RapidRow[]>;
  setWindow(ms: number): void;
  scan(text: string, source: ScanSource, now?: number): Promise<RapidRow | null>;
  clear(): void;
}

const recent = new RecentScans(1500);
let seq = 0;

const empty = () => ({
  rows: [] as RapidRow[],
  acceptedCount: 0,
  refusedCount: 0,
  totalDiscountMinor: 0,
  ignoredRepeats: 0,
  held: [] as RapidState['held'],
});

/** Refusals that a basket total would change: the scan waits for one instead. */
const NEEDS_TOTAL: ReadonlySet<string> = new Set(['no_benefit', 'below_minimum_spend']);

/** Without a total: does this code need one (a money coupon), judged by a dry run on an empty basket? */
async function needsTotal(row: RapidRow, source: ScanSource): Promise<boolean> {
  const res = await api.validate(row.code, { id: row.requestId, totalMinor: 0 }, source);
  return res.ok && !res.value.ok && NEEDS_TOTAL.has(res.value.reason);
}

export const useRapidStore = create<RapidState>((set, get) => {
  const replace = (row: RapidRow) => set((s) => ({ rows: s.rows.map((r) => (r.seq === row.seq ? row : r)) }));

  async function redeem(row: RapidRow, source: ScanSource, totalMinor: number): Promise<RapidRow> {
    const res = await api.redeem(row.code, { id: row.requestId, totalMinor }, source, row.requestId);
    const done: RapidRow = res.ok
      ? { ...row, state: 'done', verdict: res.value.verdict, duplicate: res.value.duplicate }
      : { ...row, state: 'error', message: res.error.message };
    count(done);
    return done;
  }

  function count(done: RapidRow): void {
    if (done.verdict?.ok) refreshSyncStatusSoon();
    set((s) => {
      const v = done.verdict;
      const counted = v && !done.duplicate;
      return {
        rows: s.rows.map((r) => (r.seq === done.seq ? done : r)),
        acceptedCount: s.acceptedCount + (counted && v.ok ? 1 : 0),
        refusedCount: s.refusedCount + (counted && !v.ok ? 1 : 0) + (done.state === 'error' ? 1 : 0),
        totalDiscountMinor: s.totalDiscountMinor + (counted && v.ok ? v.discountMinor : 0),
      };
    });
  }

  /** Redeems every held scan with the total now entered; none when there is still no valid total. */
  async function releaseHeld(): Promise<RapidRow[]> {
    const totalMinor = parseMinor(get().totalText);
    const held = get().held;
    if (totalMinor === null || held.length === 0) return [];
    set({ held: [] });
    const out: RapidRow[] = [];
    for (const { row, source } of held) {
      const checking: RapidRow = { ...row, state: 'checking' };
      replace(checking);
      out.push(await redeem(checking, source, totalMinor));
    }
    return out;
  }

  return {
    ...empty(),
    totalText: '',
    setTotalText: (totalText) => set({ totalText }),
    setWindow: (ms) => recent.setWindow(ms),
    commitTotal: releaseHeld,

    async scan(text, source, now = performance.now()) {
      if (recent.isRepeat(text, now)) {
        set((s) => ({ ignoredRepeats: s.ignoredRepeats + 1 }));
        return null;
      }
      const row: RapidRow = { seq: ++seq, code: text, requestId: newId(), state: 'checking' };
      set((s) => ({ rows: [row, ...s.rows].slice(0, MAX_ROWS) }));
      const totalMinor = parseMinor(get().totalText);
      if (totalMinor === null && (await needsTotal(row, source))) {
        // A total may have been entered while main answered: then the scan goes through now.
        if (parseMinor(get().totalText) === null) {
          const waiting: RapidRow = { ...row, state: 'needTotal' };
          replace(waiting);
          set((s) => ({ held: [...s.held, { row: waiting, source }] }));
          return waiting;
        }
      }
      await releaseHeld();
      return redeem(row, source, parseMinor(get().totalText) ?? 0);
    },

    clear() {
      recent.clear();
      set(empty());
    },
  };
});

export function resetRapidStore(): void {
  recent.clear();
  useRapidStore.setState({ ...empty(), totalText: '' });
}
