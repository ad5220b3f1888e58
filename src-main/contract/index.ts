export * from './api';
export * from './calls';
export * from './errors';
export * from './events';
export * from './media-models';
export * from './models';
export * from './permissions';
export * from './wire';
