export * from './types';
export * from './errors';
export * from './naming';
export * from './load';
