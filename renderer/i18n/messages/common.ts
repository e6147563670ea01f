import type { Shape } from './shape';

export const en = {
  yes: 'Yes',
  no: 'No',
  error: 'Error: {{message}}',
  on: 'On',
  off: 'Off',
  close: 'Close',
};

export const zhCN: Shape<typeof en> = {
  yes: '是',
  no: '否',
  error: '错误：{{message}}',
  on: '开',
  off: '关',
  close: '关闭',
};
