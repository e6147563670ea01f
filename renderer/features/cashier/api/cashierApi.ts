import type { Basket } from '../../../../shared/campaign';
import type { ScanSource } from '../../../../shared/scan';
import { newId } from '../../../../shared/ids';
import { invoke } from '../../../api/till';

/** The cashier screen's calls to main. */

export function redeem(code: string, basket: Basket, source: ScanSource) {
  return invoke('till:coupon:redeem', { code, basket, source, requestId: newId() });
}

export function validate(code: string, basket: Basket, source: ScanSource) {
  return invoke('till:coupon:validate', { code, basket, source });
}

export function basketCoupons(basketId: string) {
  return invoke('till:basket:coupons', { basketId });
}

export function voidRedemption(redemptionId: string, reason: string, overrideToken?: string) {
  return invoke('till:coupon:void', { redemptionId, reason }, overrideToken ? { overrideToken } : undefined);
}

export function requestOverride(managerId: string, pin: string) {
  return invoke('till:auth:override', { managerId, pin, action: 'coupon.void' });
}

export function roster() {
  return invoke('till:auth:roster');
}
