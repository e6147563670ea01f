import { ApiFailure } from '../../../shared/ipc/result';
import { ORDER_REFUSALS, type OrderRefusal } from '../../../shared/pos/orders';

/** An order call refused with its stable reason (details.reason); the API code gives the HTTP status. Nothing was changed. */
export function orderRefusal(reason: OrderRefusal, message: string, details: Record<string, string | number> = {}): ApiFailure {
  return new ApiFailure(ORDER_REFUSALS[reason], message, { reason, ...details });
}

/** The request read by its schema, or a bad_request naming the first field that is wrong (nothing changed). */
export function parsed<T>(
  schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ApiFailure('bad_request', `Malformed request: ${issue ? `${issue.path.join('.') || '(request)'}: ${issue.message}` : 'invalid'}`);
}
