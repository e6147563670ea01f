import type { BreakdownLine } from '../../../../shared/ipc';
import { useFormat } from '../../../lib/format';

/** The figures' column heads: the log's short words or the report's longer ones. */
export interface TotalsHeads {
  name: string;
  redeemed: string;
  discount: string;
  voids: string;
}

export interface TotalsTableProps {
  heads: TotalsHeads;
  lines: readonly BreakdownLine[];
  /** What a manager reads for a line (a campaign's, cashier's or till's name); its key is the tooltip. */
  name: (l: BreakdownLine) => string;
  /** A column between the name and the figures (the report's coupon type). */
  extra?: { head: string; cell: (l: BreakdownLine) => string };
  testId?: string;
  /** On every line, with data-key, data-redeemed and data-voids (the e2e page models read them). */
  rowTestId?: string;
}

/**
 * One table of totals per campaign, cashier, till or coupon type: live redemptions, their
 * discount and void entries. The log's breakdowns and the end-of-day report both show it, on
 * screen and in print: figures never wrap, heads break only between words, names wrap anywhere.
 */
export function TotalsTable({ heads, lines, name, extra, testId, rowTestId }: TotalsTableProps) {
  const f = useFormat();
  return (
    <table className="table table--compact totals-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{heads.name}</th>
          {extra ? <th className="totals-table__extra">{extra.head}</th> : null}
          <th className="num">{heads.redeemed}</th>
          <th className="num">{heads.discount}</th>
          <th className="num">{heads.voids}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => {
          const shown = name(l);
          return (
            <tr key={l.key} data-testid={rowTestId} data-key={l.key} data-redeemed={l.redeemed} data-voids={l.voids}>
              <td className="cell-text totals-table__name" title={shown === l.key ? undefined : l.key}>
                {shown}
              </td>
              {extra ? <td className="totals-table__extra">{extra.cell(l)}</td> : null}
              <td className="num">{l.redeemed}</td>
              <td className="num">{f.money(l.discountMinor)}</td>
              <td className="num">{l.voids}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
