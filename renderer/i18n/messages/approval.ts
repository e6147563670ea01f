import type { Shape } from './shape';

/** The inline manager approval on the cashier screen (overrides and undo). */
export const en = {
  titleRedeem: 'Manager approval: HQ cannot check this coupon now',
  titleUndo: 'Manager approval to undo {{amount}} ({{campaign}})',
  manager: 'Manager',
  pin: 'Manager PIN',
  approve: 'Approve',
  cancel: 'Cancel',
  noManager: 'No manager on this till can approve: ask a manager to sign in',
  errors: {
    bad_credentials: 'Wrong PIN: try again',
    locked_out: 'This manager is locked out after too many wrong PINs',
    forbidden: 'This user may not approve it',
    other: 'Not approved: try again',
  },
};

export const zhCN: Shape<typeof en> = {
  titleRedeem: '需店长授权：暂时无法联网向总部核验此券',
  titleUndo: '撤销 {{amount}}（{{campaign}}）需店长授权',
  manager: '店长',
  pin: '店长 PIN',
  approve: '授权',
  cancel: '取消',
  noManager: '本机没有可授权的店长，请店长登录',
  errors: {
    bad_credentials: 'PIN 错误，请重试',
    locked_out: 'PIN 输错次数过多，该店长已被锁定',
    forbidden: '此用户无权授权',
    other: '未获授权，请重试',
  },
};
