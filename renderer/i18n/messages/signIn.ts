import type { Shape } from './shape';

export const en = {
  title: 'Sign in',
  pickUser: 'Who is at the till?',
  enterPin: 'PIN for {{name}}',
  pin: 'PIN',
  submit: 'Sign in',
  clear: 'Clear',
  backspace: 'Delete the last digit',
  back: 'Back',
  wrongPin: 'Wrong PIN.',
  lockedOut: 'Too many tries. Locked until {{time}}.',
  noUsers: 'No users on this till yet.',
  signedOutIdle: 'Signed out after being idle.',
};

export const zhCN: Shape<typeof en> = {
  title: '登录',
  pickUser: '请选择收银员',
  enterPin: '{{name}} 的 PIN',
  pin: 'PIN',
  submit: '登录',
  clear: '清除',
  backspace: '删除最后一位',
  back: '返回',
  wrongPin: 'PIN 错误。',
  lockedOut: '尝试次数过多，锁定至 {{time}}。',
  noUsers: '此收银台还没有用户。',
  signedOutIdle: '空闲时间过长，已自动退出。',
};
