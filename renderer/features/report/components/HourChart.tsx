import type { BreakdownLine } from '../../../../shared/ipc';

/**
 * Redemptions per store hour as bars (hand-drawn SVG: one chart, no library). Each bar is
 * labelled with its count, so the chart reads in print and without colour; voids sit on top in
 * a hatched pattern. The hours with no entry at either end of the day are left out.
 */
export function HourChart({ hours, label, axisLabel }: { hours: readonly BreakdownLine[]; label: string; axisLabel: string }) {
  const used = hours.filter((h) => h.redeemed + h.voided + h.voids > 0).map((h) => Number(h.key));
  const first = used.length ? Math.min(...used, 9) : 9;
  const last = used.length ? Math.max(...used, 18) : 18;
  const byHour = new Map(hours.map((h) => [Number(h.key), h]));
  const shown = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const max = Math.max(1, ...shown.map((h) => (byHour.get(h)?.redeemed ?? 0) + (byHour.get(h)?.voided ?? 0)));
  const barW = 28;
  const gap = 8;
  const top = 20;
  const plotH = 120;
  const width = shown.length * (barW + gap) + gap;
  const height = top + plotH + 34;
  return (
    <svg
      className="hour-chart"
      data-testid="report-hour-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{label}</title>
      <defs>
        <pattern id="hour-chart-voided" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="hour-chart__voided-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="hour-chart__hatch" />
        </pattern>
      </defs>
      <line x1={0} y1={top + plotH} x2={width} y2={top + plotH} className="hour-chart__axis" />
      {shown.map((h, i) => {
        const line = byHour.get(h);
        const redeemed = line?.redeemed ?? 0;
        const voided = line?.voided ?? 0;
        const x = gap + i * (barW + gap);
        const hr = (redeemed / max) * plotH;
        const hv = (voided / max) * plotH;
        return (
          <g key={h} data-hour={h} data-count={redeemed}>
            <rect x={x} y={top + plotH - hr} width={barW} height={hr} className="hour-chart__bar" />
            {voided > 0 ? (
              <rect x={x} y={top + plotH - hr - hv} width={barW} height={hv} fill="url(#hour-chart-voided)" className="hour-chart__voided" />
            ) : null}
            {redeemed + voided > 0 ? (
              <text x={x + barW / 2} y={top + plotH - hr - hv - 4} textAnchor="middle" className="hour-chart__count">
                {redeemed}
              </text>
            ) : null}
            <text x={x + barW / 2} y={top + plotH + 16} textAnchor="middle" className="hour-chart__hour">
              {String(h).padStart(2, '0')}
            </text>
          </g>
        );
      })}
      <text x={width / 2} y={height - 2} textAnchor="middle" className="hour-chart__axis-label">
        {axisLabel}
      </text>
    </svg>
  );
}
