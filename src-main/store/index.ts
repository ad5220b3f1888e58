export { Collection, type CollectionOptions, type Migration, type OpenOutcome } from './collection';
export { Store } from './store';
