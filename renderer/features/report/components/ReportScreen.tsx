import { useEffect } from 'react';
import { useT } from '../../../i18n';
import { DayField } from '../../../lib/DayField';
import { useCan } from '../../../app/store/useSessionStore';
import { useCsvExport } from '../../../lib/useCsvExport';
import { useReportStore } from '../store/useReportStore';
import { ReportBody } from './ReportBody';
import '../../../styles/manager.css';

/**
 * The end-of-day report (like a till's Z report) for a store day: what a manager reads at
 * closing, printable on A4 or an 80 mm receipt printer (print CSS), exportable as CSV.
 */
export function ReportScreen() {
  const t = useT();
  const report = useReportStore((s) => s.report);
  const day = useReportStore((s) => s.day);
  const paper = useReportStore((s) => s.paper);
  const error = useReportStore((s) => s.error);
  const { setDay, setPaper, load, exportCsv } = useReportStore.getState();
  const canExport = useCan('report.export');
  const [exportError, onExport] = useCsvExport(exportCsv);

  useEffect(() => {
    void load();
  }, [load]);

  const print = (p: 'a4' | 'receipt') => {
    setPaper(p);
    // The paper class must be on the page before the print dialog lays it out.
    requestAnimationFrame(() => window.print());
  };
  return (
    <main className={`manager report report--${paper}`} data-testid="report-screen" data-paper={paper}>
      <h1 className="report__title">{t('report.title')}</h1>
      <form
        className="filters no-print"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label className="field">
          <span>{t('report.day')}</span>
          <DayField value={day} onChange={setDay} testId="report-day" />
        </label>
        <div className="filters__actions">
          <button type="submit" className="btn btn--primary" data-testid="report-show">
            {t('report.show')} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={() => print('a4')} data-testid="report-print">
            {t('report.printA4')}
          </button>
          <button type="button" className="btn" onClick={() => print('receipt')} data-testid="report-print-receipt">
            {t('report.printReceipt')}
          </button>
          {canExport ? (
            <button type="button" className="btn" onClick={onExport} data-testid="report-export">
              {t('report.exportCsv')}
            </button>
          ) : null}
        </div>
      </form>
      {error || exportError ? (
        <p className="error no-print" role="alert">
          {t('common.error', { message: error ?? exportError })}
        </p>
      ) : null}
      {report ? <ReportBody report={report} /> : <p className="muted">{t('report.loading')}</p>}
    </main>
  );
}
