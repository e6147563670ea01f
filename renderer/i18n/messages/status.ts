import type { Shape } from './shape';

export const en = {
  online: 'Online',
  offline: 'Offline',
  notConfigured: 'No HQ set up',
  offlineDrill: 'Offline drill (HQ off on purpose)',
  lastSync: 'Last sync {{ago}}',
  neverSynced: 'Never synced',
  waiting: '{{count}} waiting to sync',
  waitingOldest: '{{count}} waiting to sync, oldest {{age}}',
  allSynced: 'All synced',
  syncNow: 'Sync now',
  signedInAs: '{{name}} ({{role}})',
};

export const zhCN: Shape<typeof en> = {
  online: '在线',
  offline: '离线',
  notConfigured: '未连接总部',
  offlineDrill: '离线演练（已主动断开总部）',
  lastSync: '上次同步 {{ago}}',
  neverSynced: '尚未同步',
  waiting: '{{count}} 笔待同步',
  waitingOldest: '{{count}} 笔待同步，最早 {{age}}',
  allSynced: '已全部同步',
  syncNow: '立即同步',
  signedInAs: '{{name}}（{{role}}）',
};
