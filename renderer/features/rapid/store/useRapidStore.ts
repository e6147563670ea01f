import { create } from 'zustand';
import type { CouponVerdict } from '../../../../shared/redemption';
import type { ScanSource } from '../../../../shared/scan';
import { parseMinor } from '../../../../shared/money';
import { newId } from '../../../../shared/ids';
import { invoke } from '../../../api/till';
import { RecentScans } from './recentScans';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';

/**
 * Rapid scan mode: scan after scan, one row per scan. A row is added the moment the scan is
 * taken (so none can be lost while main answers) and filled in when the verdict comes; each
 * scan is its own basket with the sticky basket total. Repeats of a code within the window
 * are ignored here; the requestId makes main's answer idempotent anyway.
 */

export interface RapidRow {
  seq: number;
  code: string;
  requestId: string;
  state: 'checking' | 'done' | 'error';
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
  setTotalText(text: string): void;
  setWindow(ms: number): void;
  scan(text: string, source: ScanSource, now?: number): Promise<RapidRow | null>;
  clear(): void;
}

const recent = new RecentScans(1500);
let seq = 0;

const empty = () => ({ rows: [] as RapidRow[], acceptedCount: 0, refusedCount: 0, totalDiscountMinor: 0, ignoredRepeats: 0 });

export const useRapidStore = create<RapidState>((set, get) => ({
  ...empty(),
  totalText: '',
  setTotalText: (totalText) => set({ totalText }),
  setWindow: (ms) => recent.setWindow(ms),

  async scan(text, source, now = performance.now()) {
    if (recent.isRepeat(text, now)) {
      set((s) => ({ ignoredRepeats: s.ignoredRepeats + 1 }));
      return null;
    }
    const row: RapidRow = { seq: ++seq, code: text, requestId: newId(), state: 'checking' };
    set((s) => ({ rows: [row, ...s.rows].slice(0, MAX_ROWS) }));
    const totalMinor = parseMinor(get().totalText) ?? 0;
    const res = await invoke('till:coupon:redeem', {
      code: text,
      basket: { id: row.requestId, totalMinor },
      source,
      requestId: row.requestId,
    });
    const done: RapidRow = res.ok
      ? { ...row, state: 'done', verdict: res.value.verdict, duplicate: res.value.duplicate }
      : { ...row, state: 'error', message: res.error.message };
    if (done.verdict?.ok) refreshSyncStatusSoon();
    set((s) => {
      const v = done.verdict;
      const counted = v && !done.duplicate;
      return {
        rows: s.rows.map((r) => (r.seq === row.seq ? done : r)),
        acceptedCount: s.acceptedCount + (counted && v.ok ? 1 : 0),
        refusedCount: s.refusedCount + (counted && !v.ok ? 1 : 0) + (done.state === 'error' ? 1 : 0),
        totalDiscountMinor: s.totalDiscountMinor + (counted && v.ok ? v.discountMinor : 0),
      };
    });
    return done;
  },

  clear() {
    recent.clear();
    set(empty());
  },
}));

export function resetRapidStore(): void {
  recent.clear();
  useRapidStore.setState({ ...empty(), totalText: '' });
}
