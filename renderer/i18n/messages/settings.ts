import type { Shape } from './shape';

export const en = {
  title: 'Settings',
  hqUrl: 'HQ address',
  enrollment: 'Enrollment code',
  enroll: 'Enroll this till',
  enrolled: 'Enrolled as till {{till}} in store {{store}}',
  scanner: 'Scanner',
  scannerNone: 'Keyboard wedge only',
  sounds: 'Sounds',
  language: 'Language',
  rapidWindow: 'Rapid mode: ignore repeats within (ms)',
  wedgePrefix: 'Scanner prefix',
  wedgeSuffix: 'Scanner suffix',
  save: 'Save',
  saved: 'Saved.',
};

export const zhCN: Shape<typeof en> = {
  title: '设置',
  hqUrl: '总部地址',
  enrollment: '注册码',
  enroll: '注册此收银台',
  enrolled: '已注册：门店 {{store}} 收银台 {{till}}',
  scanner: '扫码枪',
  scannerNone: '仅键盘模式',
  sounds: '提示音',
  language: '语言',
  rapidWindow: '快速扫码：忽略重复的时间窗口（毫秒）',
  wedgePrefix: '扫码枪前缀',
  wedgeSuffix: '扫码枪后缀',
  save: '保存',
  saved: '已保存。',
};
