import { Readable } from 'node:stream';
import { z } from 'zod';
import { reconcile } from '../services/reconciliation';
import { exportLines, modifierRecords } from '../services/reconciliationExport';
import { defineRoute, type RouteSpec } from './define';

const StoreId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (1-64 characters)');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a store day, YYYY-MM-DD');
const Range = { storeId: StoreId, day: Day.optional(), from: Day.optional(), to: Day.optional() };
type RangeInput = { storeId: string; day?: string | undefined; from?: string | undefined; to?: string | undefined };
const oneWay = (q: RangeInput) => (q.day !== undefined ? q.from === undefined && q.to === undefined : q.from !== undefined && q.to !== undefined);
const range = (q: RangeInput) => ({ storeId: q.storeId, from: q.day ?? q.from!, to: q.day ?? q.to! });
const ONE_WAY = { message: 'give day, or from and to' };
/** One store, one day (`day`) or a range (`from`..`to`, both included, at most 366 days). */
export const ReconciliationQuerySchema = z.strictObject(Range).refine(oneWay, ONE_WAY).transform(range);
export const ReconciliationExportQuerySchema = z
  .strictObject({ ...Range, format: z.enum(['csv', 'jsonl']).default('csv') })
  .refine(oneWay, ONE_WAY)
  .transform((q) => ({ ...range(q), format: q.format }));

/** HQ's POS side for admins (issue 14): reconciliation per store and store day, and its ERP export. */
export function posRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/admin/reconciliation',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary:
        'Reconcile coupons against POS orders per store day: redemptions, closes, unclosed orders, cancellation voids, return reversals, discount totals',
      query: ReconciliationQuerySchema,
      handler: ({ ctx, query }) => reconcile(ctx, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/admin/reconciliation/export',
      tag: 'admin',
      auth: 'admin',
      area: 'read',
      summary: 'Every price modifier of the range (per sold or returned line, and per manual basket) as CSV or JSON lines for an ERP',
      produces: 'text/csv',
      query: ReconciliationExportQuerySchema,
      handler: async ({ ctx, query, reply }) => {
        const { format } = query;
        const records = await modifierRecords(ctx, query);
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="reconciliation-${query.storeId}-${query.from}-${query.to}.${format}"`)
          .send(Readable.from(exportLines(records, format)));
      },
    }),
  ];
}
