import type { Shape } from './shape';

/** Words of the scan pipeline itself: notices when a scan was not taken. */
export const en = {
  signInFirst: 'Scanned a coupon: sign in first.',
  notAPin: 'A PIN is digits only: what was typed or scanned was cleared.',
  fragment: 'Part of a scan was ignored: scan again.',
};

export const zhCN: Shape<typeof en> = {
  signInFirst: '扫到了券码：请先登录。',
  notAPin: 'PIN 只能是数字：已清除输入或扫到的内容。',
  fragment: '扫码不完整，已忽略：请重新扫码。',
};
