import { sql } from 'kysely';
import { nextStoreDay } from '../../shared/storeDay';
import type { HqContext } from './context';
import { checkRange, type ReconciliationQuery } from './reconciliation';

/**
 * The ERP export (issue 14): one record per price modifier, i.e. what one coupon took off one line
 * of a sale, or gave back on a returned line, or took off a manual basket (no line). Fields mirror
 * ARTS POSLog (docs/hq-api.md names each): the transaction (RetailStoreID, WorkstationID,
 * BusinessDayDate, TransactionID, the receipt), the line (LineItem SequenceNumber, ItemID,
 * MerchandiseHierarchy, Quantity, RegularSalesUnitPrice, ExtendedAmount) and the modifier
 * (RetailPriceModifier Amount, PromotionID, ReferenceID). Streamed a store day at a time.
 */

export interface PriceModifierRecord {
  recordType: 'sale' | 'return';
  retailStoreId: string;
  workstationId: string;
  businessDayDate: string;
  transactionId: string | null;
  receiptNo: string | null;
  currency: string;
  lineItem: {
    sequenceNumber: string;
    itemId: string;
    merchandiseHierarchy: string | null;
    quantity: number;
    regularSalesUnitPriceMinor: number;
    extendedAmountMinor: number;
  } | null;
  retailPriceModifier: { promotionId: number; couponKey: string | null; referenceId: string; amountMinor: number; action: 'subtract' | 'reverse' };
}

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));

async function dayRecords(ctx: HqContext, storeId: string, day: string, currency: string): Promise<PriceModifierRecord[]> {
  const sales = await sql<Row>`
    select m.till_id, m.order_id, o.receipt_no, l.line_id, l.sku, l.category, l.quantity, l.unit_price_minor, m.campaign_id, r.coupon_key, m.redemption_id, m.amount_minor
    from pos_orders o
    join pos_line_modifiers m on m.store_id = o.store_id and m.till_id = o.till_id and m.order_id = o.order_id
    join pos_order_lines l on l.store_id = m.store_id and l.till_id = m.till_id and l.order_id = m.order_id and l.line_id = m.line_id
    left join redemptions r on r.id = m.redemption_id
    where o.store_id = ${storeId} and o.closed_day = ${day} and m.amount_minor > 0
    order by m.till_id, m.order_id, l.line_id, m.redemption_id`.execute(ctx.db);
  const returns = await sql<Row>`
    select v.till_id, v.order_id, o.receipt_no, l.line_id, l.sku, l.category, v.quantity, l.unit_price_minor, m.campaign_id, r.coupon_key, v.redemption_id, v.amount_minor
    from pos_reversals v
    join pos_orders o on o.store_id = v.store_id and o.till_id = v.till_id and o.order_id = v.order_id
    join pos_order_lines l on l.store_id = v.store_id and l.till_id = v.till_id and l.order_id = v.order_id and l.line_id = v.line_id
    left join pos_line_modifiers m on m.store_id = v.store_id and m.till_id = v.till_id and m.order_id = v.order_id and m.line_id = v.line_id and m.redemption_id = v.redemption_id
    left join redemptions r on r.id = v.redemption_id
    where v.store_id = ${storeId} and v.day = ${day}
    order by v.till_id, v.order_id, v.event_id, l.line_id, v.redemption_id`.execute(ctx.db);
  const manual = await sql<Row>`
    select d.till_id, d.receipt_no, r.campaign_id, r.coupon_key, d.redemption_id, d.discount_minor
    from redemption_days d join redemptions r on r.id = d.redemption_id
    where d.store_id = ${storeId} and d.day = ${day} and d.kind = 'redeem' and d.order_id is null and r.voided = 0 and d.discount_minor > 0
    order by d.till_id, d.redemption_id`.execute(ctx.db);
  const base = (r: Row, recordType: 'sale' | 'return') => ({
    recordType,
    retailStoreId: storeId,
    workstationId: String(r.till_id),
    businessDayDate: day,
    transactionId: s(r.order_id),
    receiptNo: s(r.receipt_no),
    currency,
  });
  const line = (r: Row) => ({
    sequenceNumber: String(r.line_id),
    itemId: String(r.sku),
    merchandiseHierarchy: s(r.category),
    quantity: n(r.quantity),
    regularSalesUnitPriceMinor: n(r.unit_price_minor),
    extendedAmountMinor: n(r.quantity) * n(r.unit_price_minor),
  });
  const modifier = (r: Row, amount: unknown, action: 'subtract' | 'reverse') => ({
    promotionId: n(r.campaign_id),
    couponKey: s(r.coupon_key),
    referenceId: String(r.redemption_id),
    amountMinor: n(amount),
    action,
  });
  return [
    ...sales.rows.map((r) => ({ ...base(r, 'sale'), lineItem: line(r), retailPriceModifier: modifier(r, r.amount_minor, 'subtract') })),
    ...returns.rows.map((r) => ({ ...base(r, 'return'), lineItem: line(r), retailPriceModifier: modifier(r, r.amount_minor, 'reverse') })),
    ...manual.rows.map((r) => ({ ...base({ ...r, order_id: null }, 'sale'), lineItem: null, retailPriceModifier: modifier(r, r.discount_minor, 'subtract') })),
  ];
}

/** Every record of the range, a store day at a time. Checks the range and store first (the 4xx comes before any byte). */
export async function modifierRecords(ctx: HqContext, q: ReconciliationQuery): Promise<AsyncGenerator<PriceModifierRecord>> {
  const currency = await checkRange(ctx, q);
  return (async function* () {
    for (let day = q.from; day <= q.to; day = nextStoreDay(day)) yield* await dayRecords(ctx, q.storeId, day, currency);
  })();
}

export const CSV_COLUMNS = [
  'record_type',
  'retail_store_id',
  'workstation_id',
  'business_day_date',
  'transaction_id',
  'receipt_no',
  'currency',
  'line_sequence_number',
  'item_id',
  'merchandise_hierarchy',
  'quantity',
  'regular_sales_unit_price_minor',
  'extended_amount_minor',
  'promotion_id',
  'coupon_key',
  'reference_id',
  'modifier_amount_minor',
  'modifier_action',
] as const;

/** A CSV cell: quoted when it needs it, and a leading = + - @ quoted with a ' so a spreadsheet never runs it. */
function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(r: PriceModifierRecord): string {
  const l = r.lineItem;
  const m = r.retailPriceModifier;
  return (
    [
      r.recordType,
      r.retailStoreId,
      r.workstationId,
      r.businessDayDate,
      r.transactionId,
      r.receiptNo,
      r.currency,
      l?.sequenceNumber ?? null,
      l?.itemId ?? null,
      l?.merchandiseHierarchy ?? null,
      l?.quantity ?? null,
      l?.regularSalesUnitPriceMinor ?? null,
      l?.extendedAmountMinor ?? null,
      m.promotionId,
      m.couponKey,
      m.referenceId,
      m.amountMinor,
      m.action,
    ]
      .map(cell)
      .join(',') + '\r\n'
  );
}

export async function* exportLines(records: AsyncGenerator<PriceModifierRecord>, format: 'csv' | 'jsonl'): AsyncGenerator<string> {
  if (format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n';
  for await (const r of records) yield format === 'csv' ? csvLine(r) : JSON.stringify(r) + '\n';
}
