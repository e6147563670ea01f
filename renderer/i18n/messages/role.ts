import type { Shape } from './shape';

export const en = {
  cashier: 'Cashier',
  supervisor: 'Supervisor',
  manager: 'Manager',
};

export const zhCN: Shape<typeof en> = {
  cashier: '收银员',
  supervisor: '主管',
  manager: '店长',
};
