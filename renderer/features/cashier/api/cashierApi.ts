import type { Basket } from '../../../../shared/campaign';
import type { ScanSource } from '../../../../shared/scan';
import type { OverridablePermission } from '../store/approval';
import { newId } from '../../../../shared/ids';
import { invoke, on } from '../../../api/till';
import type { ManualBasketUpdate, ManualBasketView } from '../../../../shared/pos/manualBasket';
import { scannedSymbology } from '../../scan/scanRouter';

/** The cashier screen's calls to main. */

export function redeem(code: string, basket: Basket, source: ScanSource, overrideToken?: string) {
  return invoke(
    'till:coupon:redeem',
    { code, basket, source, requestId: newId(), ...scannedSymbology(code, source) },
    overrideToken ? { overrideToken } : undefined,
  );
}

export function validate(code: string, basket: Basket, source: ScanSource) {
  return invoke('till:coupon:validate', { code, basket, source, ...scannedSymbology(code, source) });
}

export function basketCoupons(basketId: string) {
  return invoke('till:basket:coupons', { basketId });
}

/** Undo the basket's last coupon: main decides whether the grace period, the role or a manager's token allows it. */
export function undo(basketId: string, redemptionId: string, reason: string, overrideToken?: string) {
  return invoke('till:coupon:undo', { basketId, redemptionId, reason }, overrideToken ? { overrideToken } : undefined);
}

export function requestOverride(managerId: string, pin: string, action: OverridablePermission) {
  return invoke('till:auth:override', { managerId, pin, action });
}

export function roster() {
  return invoke('till:auth:roster');
}

/** The manual basket main keeps: read it, change its total, member or receipt number, start a new one, follow its pushes. */
export const currentBasket = () => invoke('till:basket:current');
export const updateBasket = (change: ManualBasketUpdate) => invoke('till:basket:update', change);
export const startNewBasket = (basketId: string) => invoke('till:basket:new', { basketId });
export const onBasket = (listener: (view: ManualBasketView) => void) => on('basket', listener);
