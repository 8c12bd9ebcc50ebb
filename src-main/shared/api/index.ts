export * from './errors';
export * from './define';
export * from './contract';
export * from './client';
export * from './bridge';
