import type { BreakdownLine, DayReport } from '../../../../shared/ipc';
import { useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';
import { tillLabel } from '../../../lib/tillLabel';
import { HourChart } from './HourChart';
import { ReportLists } from './ReportLists';
import { TotalsTable } from './TotalsTable';

/** The report's figures: header, summary, per campaign / type / cashier, the hour chart, voids, conflicts, unsynced. */
export function ReportBody({ report: r }: { report: DayReport }) {
  const t = useT();
  const f = useFormat();
  return (
    <article className="report__body" data-testid="report-body" data-day={r.day}>
      <header className="report__head">
        <dl className="report__facts">
          <dt>{t('report.store')}</dt>
          <dd>{r.storeName ?? '—'}</dd>
          {r.tillId ? (
            <>
              <dt>{t('report.till')}</dt>
              <dd data-testid="report-till" title={r.tillId}>
                {tillLabel(t, r.tillId, r.tillName, r.tillId)}
              </dd>
            </>
          ) : null}
          <dt>{t('report.day')}</dt>
          <dd data-testid="report-day-shown">{f.isoDate(r.day)}</dd>
          <dt>{t('report.timeZone')}</dt>
          <dd>{r.timeZone}</dd>
          <dt>{t('report.generatedAt')}</dt>
          <dd>{f.dateTime(r.generatedAt)}</dd>
        </dl>
      </header>
      <section className="report__section" data-testid="report-summary" data-redeemed={r.totals.redeemedCount} data-voids={r.totals.voidCount}>
        <h2>{t('report.summary')}</h2>
        <dl className="report__totals">
          <dt>{t('report.redemptions')}</dt>
          <dd>{r.totals.redeemedCount}</dd>
          <dt>{t('report.discount')}</dt>
          <dd>{f.money(r.totals.discountMinor)}</dd>
          <dt>{t('report.voided')}</dt>
          <dd>{r.totals.voidedCount}</dd>
          <dt>{t('report.voids')}</dt>
          <dd>{r.totals.voidCount}</dd>
        </dl>
      </section>
      <section className="report__section report__chart">
        <h2>{t('report.perHour')}</h2>
        <HourChart hours={r.hours} label={t('report.chartLabel', { day: f.isoDate(r.day) })} axisLabel={t('report.hourAxis')} />
      </section>
      <FiguresTable
        title={t('report.perCampaign')}
        first={t('report.campaign')}
        lines={r.campaigns}
        testId="report-campaign-row"
        name={(l) => l.name ?? l.key}
        extra={(l) => t(`report.type_${(l as DayReport['campaigns'][number]).type ?? 'unknown'}`)}
        extraHead={t('report.type')}
      />
      <FiguresTable title={t('report.perType')} first={t('report.type')} lines={r.types} testId="report-type-row" name={(l) => t(`report.type_${l.key}`)} />
      <FiguresTable title={t('report.perCashier')} first={t('report.cashier')} lines={r.cashiers} testId="report-cashier-row" name={(l) => l.name ?? l.key} />
      <ReportLists report={r} />
    </article>
  );
}

/** One section of figures: its title, then the totals table (or "None."). */
function FiguresTable(props: {
  title: string;
  first: string;
  lines: BreakdownLine[];
  testId: string;
  name: (l: BreakdownLine) => string;
  extra?: (l: BreakdownLine) => string;
  extraHead?: string;
}) {
  const t = useT();
  const heads = { name: props.first, redeemed: t('report.redemptions'), discount: t('report.discount'), voids: t('report.voids') };
  return (
    <section className="report__section">
      <h2>{props.title}</h2>
      {props.lines.length === 0 ? (
        <p className="muted">{t('report.none')}</p>
      ) : (
        <TotalsTable
          heads={heads}
          lines={props.lines}
          name={props.name}
          rowTestId={props.testId}
          {...(props.extra ? { extra: { head: props.extraHead ?? '', cell: props.extra } } : {})}
        />
      )}
    </section>
  );
}
