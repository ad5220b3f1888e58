export * from './operations';
export * from '../../audio/time';
export * from './timeline';
