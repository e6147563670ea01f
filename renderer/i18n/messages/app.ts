import type { Shape } from './shape';

export const en = {
  title: 'Coupon Till',
  loading: 'Starting…',
  noBridge: 'Open Coupon Till through the app: the till API is not available here.',
};

export const zhCN: Shape<typeof en> = {
  title: '券收银台',
  loading: '正在启动…',
  noBridge: '请通过应用打开券收银台：此处无法使用收银台接口。',
};
