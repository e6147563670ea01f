import type { Shape } from './shape';

/** The cashier's screen while a POS's order is the till's current order. */
export const en = {
  title: 'POS order {{orderId}}',
  member: 'Member {{member}} ({{tier}})',
  noMember: 'No member on this order',
  item: 'Item',
  amount: 'Amount',
  coupon: 'Coupon',
  times: '× {{quantity}}',
  noLongerFits: 'No longer fits the order: the POS must remove it',
  scanHint: 'Scan for the POS order',
  coupons: 'Coupons on this order',
};

export const zhCN: Shape<typeof en> = {
  title: 'POS 订单 {{orderId}}',
  member: '会员 {{member}}（{{tier}}）',
  noMember: '本单无会员',
  item: '商品',
  amount: '金额',
  coupon: '优惠',
  times: '× {{quantity}}',
  noLongerFits: '已不适用于本单，请在 POS 上移除',
  scanHint: '扫码用于 POS 订单',
  coupons: '本订单已用券',
};
