export * from './api';
export * from './contract';
export * from './pushEvents';
export * from './result';
export * from './schemas';
export * from './types';
