export { CameraScanner, type CameraScannerProps } from './CameraScanner';
