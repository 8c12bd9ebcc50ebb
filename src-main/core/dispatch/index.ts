export * from './dispatcher';
export * from './services';
export * from './app-meta';
export * from './create-dispatcher';
