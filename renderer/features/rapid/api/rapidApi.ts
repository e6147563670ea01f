import type { Basket } from '../../../../shared/campaign';
import type { ScanSource } from '../../../../shared/scan';
import { invoke } from '../../../api/till';
import { scannedSymbology } from '../../scan/scanRouter';

/** Rapid scan mode's calls to main. */

/** A dry run: nothing is written. */
export function validate(code: string, basket: Basket, source: ScanSource) {
  return invoke('till:coupon:validate', { code, basket, source, ...scannedSymbology(code, source) });
}

/** Redeems with the scan's own request id, so a repeat of the same request is answered, not redeemed twice. */
export function redeem(code: string, basket: Basket, source: ScanSource, requestId: string) {
  return invoke('till:coupon:redeem', { code, basket, source, requestId, ...scannedSymbology(code, source) });
}
