import type { Shape } from './shape';

/** The camera scanner's words. */
export const en = {
  starting: 'Starting camera…',
  scanning: 'Hold the code inside the box',
  noCamera: 'No camera found',
  blocked: 'Camera access was refused',
  error: 'The camera could not start',
  preview: 'Camera preview',
  camera: 'Camera',
  defaultCamera: 'Default camera',
  numbered: 'Camera {{n}}',
};

export const zhCN: Shape<typeof en> = {
  starting: '正在打开摄像头…',
  scanning: '请把券码放在框内',
  noCamera: '未找到摄像头',
  blocked: '摄像头权限被拒绝',
  error: '摄像头无法启动',
  preview: '摄像头画面',
  camera: '摄像头',
  defaultCamera: '默认摄像头',
  numbered: '摄像头 {{n}}',
};
