import type { WritablePlaces } from '../platform/user-folders';
import type { Caller } from './policy';

/** Where each caller's requests may have a file written (an export, a render). */
export type PlacesFor = (caller: Caller) => WritablePlaces;

/** No limit: for a caller whose person already has every right of the studio's user. */
const ANYWHERE: WritablePlaces = { assertMayWrite: async () => undefined };

/**
 * A window (Electron or web) writes only in the export folder and the folders its user chose
 * (`folders`): a page must not be able to name `~/.bashrc`. A command line writes where its user
 * types: that person runs as the studio's own user at a shell, with the same rights over the files.
 */
export function placesByHost(folders: WritablePlaces): PlacesFor {
  return (caller) => (caller.host === 'cli' ? ANYWHERE : folders);
}
