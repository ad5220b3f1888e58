export * from './analysis';
export * from './document';
export * from './ducking';
export * from './operations';
export * from './templates';
export * from './placement';
