/** Why a redemption-service call could not be carried out (not a coupon refusal: those are verdicts). */
export type RedemptionErrorCode =
  'bad_request' | 'till_not_configured' | 'not_found' | 'already_voided' | 'cannot_void_a_void' | 'wrong_till' | 'request_id_reused' | 'bad_cursor';

export class RedemptionError extends Error {
  constructor(
    readonly code: RedemptionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RedemptionError';
  }
}
