import type { BreakdownLine, LogSummary } from '../../../../shared/ipc';
import { useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';
import { tillLabel } from '../../../lib/tillLabel';
import { HourChart } from '../../report/components/HourChart';
import { TotalsTable } from '../../report/components/TotalsTable';
import { useLogStore } from '../store/useLogStore';

/** Totals over the filters, and per campaign, cashier, till and hour: redemptions and voids apart. */
export function LogSummaryPanel({ summary }: { summary: LogSummary }) {
  const t = useT();
  const f = useFormat();
  const tillId = useLogStore((s) => s.tillId);
  const totals = summary.totals;
  return (
    <section className="log-summary" data-testid="log-breakdowns" aria-label={t('log.breakdownsTitle')}>
      <p className="totals" data-testid="log-summary-totals" data-redeemed={totals.redeemedCount} data-voids={totals.voidCount}>
        <span>{t('log.redeemedCount', { count: totals.redeemedCount })}</span>
        <span>{t('log.totalDiscount', { amount: f.money(totals.discountMinor) })}</span>
        <span>{t('log.voidedCount', { count: totals.voidedCount })}</span>
        <span>{t('log.voidCount', { count: totals.voidCount })}</span>
      </p>
      <div className="log-summary__grid">
        <Breakdown
          title={t('log.byCampaign')}
          lines={summary.campaigns}
          name={(l) => l.name ?? t('log.unknownCampaign', { id: l.key })}
          testId="log-by-campaign"
        />
        <Breakdown title={t('log.byCashier')} lines={summary.cashiers} name={(l) => l.name ?? l.key} testId="log-by-cashier" />
        <Breakdown title={t('log.byTill')} lines={summary.tills} name={(l) => tillLabel(t, l.key, l.name, tillId)} testId="log-by-till" />
        <div className="breakdown breakdown--wide">
          <h2>{t('log.byHour')}</h2>
          <HourChart hours={summary.hours} label={t('log.byHour')} axisLabel={t('report.hourAxis')} />
        </div>
      </div>
    </section>
  );
}

/** At most this many lines per breakdown on screen (the largest first); the CSV has everything. */
const MAX_LINES = 8;

function Breakdown({ title, lines, name, testId }: { title: string; lines: BreakdownLine[]; name: (l: BreakdownLine) => string; testId: string }) {
  const t = useT();
  const top = [...lines].sort((a, b) => b.redeemed - a.redeemed || b.discountMinor - a.discountMinor).slice(0, MAX_LINES);
  const heads = { name: t('log.name'), redeemed: t('log.redeemed'), discount: t('log.discount'), voids: t('log.voids') };
  return (
    <div className="breakdown">
      <h2>{title}</h2>
      <TotalsTable heads={heads} lines={top} name={name} testId={testId} />
    </div>
  );
}
