import type { Shape } from './shape';

export const en = {
  title: 'Conflicts flagged by HQ',
  empty: 'No conflicts.',
  showResolved: 'Show resolved conflicts too',
  winner: 'Won by',
  wonBy: '{{till}} · {{time}}',
  wonByOtherStore: '{{till}} (store {{store}}) · {{time}}',
  winnerTitle: 'Winning redemption: {{id}}',
  resolution: 'Resolution',
  note: 'Note',
  unresolved: 'Open',
  accepted_as_loss: 'Accepted as a loss',
  charged_back: 'Charged back',
};

export const zhCN: Shape<typeof en> = {
  title: '总部标记的冲突',
  empty: '没有冲突。',
  showResolved: '同时显示已处理的冲突',
  winner: '胜出记录',
  wonBy: '{{till}} · {{time}}',
  wonByOtherStore: '{{till}}（门店 {{store}}）· {{time}}',
  winnerTitle: '胜出的核销记录：{{id}}',
  resolution: '处理结果',
  note: '备注',
  unresolved: '未处理',
  accepted_as_loss: '作为损失接受',
  charged_back: '已追回',
};
