import type { Shape } from './shape';

export const en = {
  yes: 'Yes',
  no: 'No',
  error: 'Error: {{message}}',
  on: 'On',
  off: 'Off',
  close: 'Close',
  dayPlaceholder: 'YYYY-MM-DD',
  dayInvalid: 'Type the day as YYYY-MM-DD, for example 2026-12-01',
};

export const zhCN: Shape<typeof en> = {
  yes: '是',
  no: '否',
  error: '错误：{{message}}',
  on: '开',
  off: '关',
  close: '关闭',
  dayPlaceholder: '年-月-日',
  dayInvalid: '请按“年-月-日”输入日期，例如 2026-12-01',
};
