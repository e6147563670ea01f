import type { Shape } from './shape';

export const en = {
  now: 'just now',
  s: '{{n}} s',
  m: '{{n}} min',
  h: '{{n}} h',
  d: '{{n}} d',
  ago: '{{age}} ago',
};

export const zhCN: Shape<typeof en> = {
  now: '刚刚',
  s: '{{n}} 秒',
  m: '{{n}} 分钟',
  h: '{{n}} 小时',
  d: '{{n}} 天',
  ago: '{{age}}前',
};
