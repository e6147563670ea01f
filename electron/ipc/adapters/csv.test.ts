import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, decimalAmount, toCsv } from './csv';

/** A minimal RFC 4180 reader for one line, to check cells round-trip. */
function readLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

describe('CSV cells', () => {
  it('round-trip any text (apart from the formula guard)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const back = readLine(cells.map(csvCell).join(','));
        expect(back).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
      }),
    );
  });

  it('never lets a typed reason become a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
  });
});

describe('CSV money and time', () => {
  it('writes money in decimal major units of the currency, exactly', () => {
    expect(decimalAmount(123456, 'CNY')).toBe('1234.56');
    expect(decimalAmount(5, 'CNY')).toBe('0.05');
    expect(decimalAmount(-1000, 'CNY')).toBe('-10.00');
    expect(decimalAmount(500, 'JPY')).toBe('500');
  });
  it('writes store-local time beside UTC', () => {
    const row = {
      id: 'r1',
      kind: 'redeem',
      voidsId: null,
      createdAt: Date.UTC(2026, 11, 1, 10, 5, 9),
      storeId: 'S',
      tillId: 'T',
      cashierId: 'c',
      cashierName: 'Chen',
      campaignId: 1,
      campaignName: '¥10 off',
      couponKey: 's:1:1',
      basketId: 'b',
      basketTotalMinor: 12000,
      discountMinor: 1000,
      memberId: null,
      source: 'wedge',
      reason: null,
      approvedBy: null,
      voided: false,
      syncState: 'accepted',
      conflictWinnerId: null,
      hlc: 'h',
      synced: true,
    } as const;
    const csv = toCsv([row as never], { currency: 'CNY', timeZone: 'Asia/Shanghai', couponType: () => 'cash' });
    const [header, line] = csv
      .trim()
      .split('\r\n')
      .map((l) => readLine(l));
    const cell = (name: string) => line![header!.indexOf(name)];
    expect(cell('created_at_local')).toBe('2026-12-01 18:05:09');
    expect(cell('created_at_utc')).toBe('2026-12-01T10:05:09.000Z');
    expect(cell('time_zone')).toBe('Asia/Shanghai');
    expect([cell('currency'), cell('basket_total'), cell('discount'), cell('coupon_type')]).toEqual(['CNY', '120.00', '10.00', 'cash']);
    expect(header).not.toContain('discount_minor');
  });
});
