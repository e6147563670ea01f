import type { Shape } from './shape';

/** The till's connection to HQ: allowing a plain-HTTP (unencrypted) HQ, and the warning while one is in use. */
export const en = {
  allowPlainHttp: "Allow HQ over plain HTTP on this store's network (not encrypted)",
  allowedWarning:
    "Plain HTTP to HQ is allowed: this till's HQ credential and the staff PIN hashes can cross the store network unencrypted. Use an https:// HQ address and turn this off.",
  inUse: 'HQ not encrypted',
  inUseTitle: 'This till talks to HQ over plain HTTP (allowed in Settings): its credential and PIN hashes are not encrypted on the network.',
};

export const zhCN: Shape<typeof en> = {
  allowPlainHttp: '允许在本门店网络内以明文 HTTP 连接总部（不加密）',
  allowedWarning: '已允许以明文 HTTP 连接总部：本收银台的总部凭据和员工 PIN 哈希可能以未加密方式经过门店网络。请改用 https:// 总部地址并关闭此项。',
  inUse: '总部连接未加密',
  inUseTitle: '本收银台正以明文 HTTP 连接总部（已在设置中允许）：其凭据和 PIN 哈希在网络上未加密。',
};
