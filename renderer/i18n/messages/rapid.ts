import type { Shape } from './shape';

export const en = {
  title: 'Rapid scan',
  placeholder: 'Scan coupon after coupon',
  hint: 'The same code scanned again within {{ms}} ms is ignored',
  basketTotal: 'Basket total for each scan',
  count: 'Accepted',
  refusedCount: 'Refused',
  total: 'Total discount',
  ignored: 'Repeats ignored',
  clear: 'Clear list',
  pending: 'Checking…',
  needTotal: 'Needs the total',
  needTotalDetail: 'Enter the basket total: this scan goes through then',
  enterTotalFirst: 'Enter the basket total first (F3): money coupons wait for it',
  heldForTotal_one: '{{count}} scan waits for the basket total: enter it and press Enter',
  heldForTotal_other: '{{count}} scans wait for the basket total: enter it and press Enter',
};

export const zhCN: Shape<typeof en> = {
  title: '快速扫码',
  placeholder: '连续扫码即可',
  hint: '{{ms}} 毫秒内重复扫描同一券码将被忽略',
  basketTotal: '每次扫码的订单金额',
  count: '成功',
  refusedCount: '拒绝',
  total: '优惠合计',
  ignored: '已忽略重复',
  clear: '清空列表',
  pending: '正在核验…',
  needTotal: '需输入金额',
  needTotalDetail: '请输入订单金额，输入后自动核销',
  enterTotalFirst: '请先输入订单金额（F3）：代金券、折扣券、满减券需要金额才能核销',
  heldForTotal_one: '{{count}} 张券等待订单金额：输入金额后按回车',
  heldForTotal_other: '{{count}} 张券等待订单金额：输入金额后按回车',
};
