import type { Shape } from './shape';

export const en = {
  pending: 'Waiting to sync',
  sent: 'Sent, awaiting HQ',
  accepted: 'Accepted by HQ',
  conflict: 'Conflict',
  resolved: 'Resolved',
};

export const zhCN: Shape<typeof en> = {
  pending: '待同步',
  sent: '已上传，待总部确认',
  accepted: '总部已确认',
  conflict: '冲突',
  resolved: '已处理',
};
