import type { Shape } from './shape';

export const en = {
  cashier: 'Cashier',
  rapid: 'Rapid scan',
  log: 'Log',
  conflicts: 'Conflicts',
  users: 'Users',
  settings: 'Settings',
  report: 'End of day',
  signOut: 'Sign out',
};

export const zhCN: Shape<typeof en> = {
  cashier: '收银',
  rapid: '快速扫码',
  log: '核销记录',
  conflicts: '冲突',
  users: '用户',
  settings: '设置',
  report: '日结',
  signOut: '退出',
};
