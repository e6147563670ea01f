import type { Language } from './language';
import * as app from './messages/app';
import * as nav from './messages/nav';
import * as status from './messages/status';
import * as age from './messages/age';
import * as role from './messages/role';
import * as signIn from './messages/signIn';
import * as cashier from './messages/cashier';
import * as rapid from './messages/rapid';
import * as log from './messages/log';
import * as syncState from './messages/syncState';
import * as conflicts from './messages/conflicts';
import * as users from './messages/users';
import * as settings from './messages/settings';
import * as common from './messages/common';
import * as scan from './messages/scan';
import * as report from './messages/report';
import * as approval from './messages/approval';
import * as camera from './messages/camera';
import * as scannerSetup from './messages/scannerSetup';
import * as hqConnection from './messages/hqConnection';
import * as pos from './messages/pos';
import * as posOrder from './messages/posOrder';
import * as manualBasket from './messages/manualBasket';

/**
 * UI strings in both languages, one file per screen or domain under messages/ (so work on one
 * screen does not touch another's strings). Reason messages come from shared/i18n/reasons (one
 * source for the till, HQ and the docs); these are the screens' own words. Each zh-CN table is
 * typed against its English one, so a missing translation fails the typecheck.
 */
const en = {
  app: app.en,
  nav: nav.en,
  status: status.en,
  age: age.en,
  role: role.en,
  signIn: signIn.en,
  cashier: cashier.en,
  rapid: rapid.en,
  log: log.en,
  syncState: syncState.en,
  conflicts: conflicts.en,
  users: users.en,
  settings: settings.en,
  common: common.en,
  scan: scan.en,
  report: report.en,
  approval: approval.en,
  camera: camera.en,
  scannerSetup: scannerSetup.en,
  hqConnection: hqConnection.en,
  pos: pos.en,
  posOrder: posOrder.en,
  manualBasket: manualBasket.en,
};

const zhCN = {
  app: app.zhCN,
  nav: nav.zhCN,
  status: status.zhCN,
  age: age.zhCN,
  role: role.zhCN,
  signIn: signIn.zhCN,
  cashier: cashier.zhCN,
  rapid: rapid.zhCN,
  log: log.zhCN,
  syncState: syncState.zhCN,
  conflicts: conflicts.zhCN,
  users: users.zhCN,
  settings: settings.zhCN,
  common: common.zhCN,
  scan: scan.zhCN,
  report: report.zhCN,
  approval: approval.zhCN,
  camera: camera.zhCN,
  scannerSetup: scannerSetup.zhCN,
  hqConnection: hqConnection.zhCN,
  pos: pos.zhCN,
  posOrder: posOrder.zhCN,
  manualBasket: manualBasket.zhCN,
};

export const UI_MESSAGES: Record<Language, typeof en> = { en, 'zh-CN': zhCN };
