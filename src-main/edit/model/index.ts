export * from './operations';
export * from './time';
export * from './timeline';
