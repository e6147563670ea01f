import { create } from 'zustand';
import type { DayReport } from '../../../../shared/ipc';
import { dayReport, exportDayReportCsv } from '../api/reportApi';

/** The end-of-day report on screen: which store day, the report, and how it prints (A4 or an 80 mm receipt). */
interface ReportState {
  /** yyyy-mm-dd as typed; '' = today at the store. */
  day: string;
  report: DayReport | null;
  paper: 'a4' | 'receipt';
  loading: boolean;
  error: string | null;
  setDay(day: string): void;
  setPaper(paper: 'a4' | 'receipt'): void;
  load(): Promise<void>;
  exportCsv(): Promise<{ filename: string; csv: string } | { error: string }>;
}

export const useReportStore = create<ReportState>((set, get) => ({
  day: '',
  report: null,
  paper: 'a4',
  loading: false,
  error: null,
  setDay: (day) => set({ day }),
  setPaper: (paper) => set({ paper }),
  async load() {
    const day = get().day;
    set({ loading: true });
    const res = await dayReport(day || undefined);
    if (get().day !== day) return;
    if (res.ok) set({ report: res.value, loading: false, error: null, day: res.value.day });
    else set({ loading: false, error: res.error.message });
  },
  async exportCsv() {
    const res = await exportDayReportCsv(get().report?.day ?? (get().day || undefined));
    return res.ok ? { filename: res.value.filename, csv: res.value.csv } : { error: res.error.message };
  },
}));

export function resetReportStore(): void {
  useReportStore.setState({ day: '', report: null, paper: 'a4', loading: false, error: null });
}
