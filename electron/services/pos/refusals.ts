import { ApiFailure } from '../../../shared/ipc/result';
import { ORDER_REFUSALS, type OrderRefusal } from '../../../shared/pos/orders';

/** An order call refused with its stable reason (details.reason); the API code gives the HTTP status. Nothing was changed. */
export function orderRefusal(reason: OrderRefusal, message: string, details: Record<string, string | number> = {}): ApiFailure {
  return new ApiFailure(ORDER_REFUSALS[reason], message, { reason, ...details });
}
