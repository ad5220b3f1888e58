export { Collection, type CollectionOptions, type Migration, type OpenOutcome } from './collection';
export { Store } from './store';
export { acquireDataLock } from './data-lock';
