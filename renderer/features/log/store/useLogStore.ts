import { create } from 'zustand';
import type { CampaignOption, LogPage, LogSummary, RosterEntry } from '../../../../shared/ipc';
import { appInfo, exportLogCsv, listLog, logCampaigns, logSummary, roster, voidRedemption } from '../api/logApi';
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
  /** Totals and breakdowns over the applied filters (listed with page 1 and after each change). */
  summary: LogSummary | null;
  /** What the pickers offer: campaigns by name, cashiers by name, and this till's id. */
  campaigns: CampaignOption[];
  cashiers: RosterEntry[];
  tillId: string | null;
  /** This till's name at HQ (null: HQ never named it). */
  tillName: string | null;
  loading: boolean;
  error: string | null;
  setForm(patch: Partial<LogFilterForm>): void;
  /** The pickers' choices (campaigns, cashiers, this till). */
  loadChoices(): Promise<void>;
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
  async function loadSummary() {
    const applied = get().applied;
    const res = await logSummary(toLogFilter(applied));
    if (get().applied !== applied) return;
    if (res.ok) set({ summary: res.value });
  }
  return {
    form: emptyFilterForm(),
    applied: emptyFilterForm(),
    paging: firstPage(),
    page: null,
    summary: null,
    campaigns: [],
    cashiers: [],
    tillId: null,
    tillName: null,
    loading: false,
    error: null,
    async loadChoices() {
      const [c, r, a] = await Promise.all([logCampaigns(), roster(), appInfo()]);
      set({
        ...(c.ok ? { campaigns: c.value } : {}),
        ...(r.ok ? { cashiers: r.value } : {}),
        ...(a.ok ? { tillId: a.value.tillId, tillName: a.value.tillName } : {}),
      });
    },
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    resetForm: () => set({ form: emptyFilterForm() }),
    apply: async () => {
      set((s) => ({ applied: s.form }));
      await Promise.all([load(firstPage()), loadSummary()]);
    },
    next: async () => {
      const p = get().paging;
      if (p.next) await load(goNext(p));
    },
    prev: async () => {
      const p = get().paging;
      if (p.index > 0) await load(goPrev(p));
    },
    reload: async () => {
      await Promise.all([load({ ...get().paging, next: null }), loadSummary()]);
    },
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
  useLogStore.setState({
    form: emptyFilterForm(),
    applied: emptyFilterForm(),
    paging: firstPage(),
    page: null,
    summary: null,
    campaigns: [],
    cashiers: [],
    tillId: null,
    tillName: null,
    loading: false,
    error: null,
  });
}
