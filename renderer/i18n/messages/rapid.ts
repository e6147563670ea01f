import type { Shape } from './shape';

export const en = {
  title: 'Rapid scan',
  hint: 'Scan one coupon after another. Repeats within {{ms}} ms are ignored.',
  basketTotal: 'Basket total for each scan',
  count: 'Accepted',
  refusedCount: 'Refused',
  total: 'Total discount',
  ignored: 'Repeats ignored',
  clear: 'Clear list',
  pending: 'Checking…',
};

export const zhCN: Shape<typeof en> = {
  title: '快速扫码',
  hint: '连续扫码即可。{{ms}} 毫秒内重复扫描同一券码将被忽略。',
  basketTotal: '每次扫码的订单金额',
  count: '成功',
  refusedCount: '拒绝',
  total: '优惠合计',
  ignored: '已忽略重复',
  clear: '清空列表',
  pending: '正在核验…',
};
