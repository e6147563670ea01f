import type { Shape } from './shape';

/** The manual basket's own fields beyond total and member (issue 14): the POS receipt number. */
export const en = {
  receiptNo: 'Receipt no. (optional)',
  receiptFailed: 'Receipt number not saved: {{message}}',
  sentWithoutReceipt: '{{count}} coupon(s) reached HQ before the receipt number',
};

export const zhCN: Shape<typeof en> = {
  receiptNo: '小票号（可选）',
  receiptFailed: '小票号未保存：{{message}}',
  sentWithoutReceipt: '有 {{count}} 张券在录入小票号前已上报总部',
};
