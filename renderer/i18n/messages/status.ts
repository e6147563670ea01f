import type { Shape } from './shape';

export const en = {
  lastSync: 'Synced {{ago}}',
  neverSynced: 'Never synced',
  waiting: '{{count}} waiting',
  waitingOldest: '{{count}} waiting, oldest {{age}}',
  waitingTitle: 'Redemptions and voids this till holds that have not reached HQ yet: they are safe here and go when HQ answers',
  allSynced: 'All synced',
  syncNow: 'Sync now',
  connection: {
    online: 'HQ online',
    offline: 'HQ unreachable, working offline',
    connecting: 'Connecting to HQ…',
    checking: 'Checking HQ…',
    notConfigured: 'No HQ: this till alone',
    drill: 'Offline drill: working offline',
  },
  details: 'Details',
  detail: {
    lastError: 'Last error',
    lastAttempt: 'Last attempt',
    lastSync: 'Last sync',
    nextAttempt: 'Next attempt',
    ruleSet: 'Rule set (this till / HQ)',
    clockSkew: 'HQ clock minus this till',
  },
};

export const zhCN: Shape<typeof en> = {
  lastSync: '上次同步 {{ago}}',
  neverSynced: '尚未同步',
  waiting: '{{count}} 笔待同步',
  waitingOldest: '{{count}} 笔待同步，最早 {{age}}',
  waitingTitle: '本机已记录、尚未送达总部的核销和撤销：已安全保存，总部恢复后自动上传',
  allSynced: '已全部同步',
  syncNow: '立即同步',
  connection: {
    online: '总部在线',
    offline: '无法连接总部，离线工作中',
    connecting: '正在连接总部…',
    checking: '正在检查总部连接…',
    notConfigured: '未连接总部：本机单独工作',
    drill: '离线演练：离线工作中',
  },
  details: '详情',
  detail: {
    lastError: '最近错误',
    lastAttempt: '最近尝试',
    lastSync: '上次同步',
    nextAttempt: '下次尝试',
    ruleSet: '规则版本（本机 / 总部）',
    clockSkew: '总部时钟减本机时钟',
  },
};
