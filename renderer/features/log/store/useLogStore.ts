import { create } from 'zustand';
import type { LogPage } from '../../../../shared/ipc';
import { exportLogCsv, listLog, voidRedemption } from '../api/logApi';
import { refreshSyncStatusSoon } from '../../../app/store/useSyncStore';
import { emptyFilterForm, toLogFilter, type LogFilterForm } from './filters';
import { currentCursor, firstPage, goNext, goPrev, withNext, type Paging } from './paging';

/** The manager's redemption log: filters, the page on screen, keyset paging, export and void. */

export const PAGE_SIZE = 50;

interface LogState {
  /** The filter fields as the manager is editing them. */
  form: LogFilterForm;
  /** The filters the page on screen was listed with (Apply copies the form here). */
  applied: LogFilterForm;
  paging: Paging;
  page: LogPage | null;
  loading: boolean;
  error: string | null;
  setForm(patch: Partial<LogFilterForm>): void;
  resetForm(): void;
  apply(): Promise<void>;
  next(): Promise<void>;
  prev(): Promise<void>;
  /** The page on screen again, with the filters it was listed with (after a void, a sync). */
  reload(): Promise<void>;
  /** The CSV of every row matching the applied filters, or an error message. */
  exportCsv(): Promise<{ filename: string; csv: string } | { error: string }>;
  voidRow(redemptionId: string, reason: string): Promise<string | null>;
}

export const useLogStore = create<LogState>((set, get) => {
  async function load(paging: Paging) {
    set({ loading: true, paging });
    const cursor = currentCursor(paging);
    const res = await listLog({ ...toLogFilter(get().applied), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    if (get().paging !== paging) return; // a newer request superseded this one
    if (res.ok) set({ page: res.value, loading: false, error: null, paging: withNext(paging, res.value.nextCursor) });
    else set({ loading: false, error: res.error.message });
  }
  return {
    form: emptyFilterForm(),
    applied: emptyFilterForm(),
    paging: firstPage(),
    page: null,
    loading: false,
    error: null,
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    resetForm: () => set({ form: emptyFilterForm() }),
    apply: () => {
      set((s) => ({ applied: s.form }));
      return load(firstPage());
    },
    next: async () => {
      const p = get().paging;
      if (p.next) await load(goNext(p));
    },
    prev: async () => {
      const p = get().paging;
      if (p.index > 0) await load(goPrev(p));
    },
    reload: () => load({ ...get().paging, next: null }),
    async exportCsv() {
      const res = await exportLogCsv(toLogFilter(get().applied));
      return res.ok ? { filename: res.value.filename, csv: res.value.csv } : { error: res.error.message };
    },
    async voidRow(redemptionId, reason) {
      const res = await voidRedemption(redemptionId, reason);
      if (!res.ok) return res.error.message;
      refreshSyncStatusSoon();
      await get().reload();
      return null;
    },
  };
});

export function resetLogStore(): void {
  useLogStore.setState({ form: emptyFilterForm(), applied: emptyFilterForm(), paging: firstPage(), page: null, loading: false, error: null });
}
