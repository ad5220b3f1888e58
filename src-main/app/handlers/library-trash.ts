import type { AudioSources } from '../../audio';
import type { MediaServices } from '../../media/media-service';
import type { ProgrammeService } from '../../programme/programme-service';
import type { Handlers } from '../router';

/** The library's calls that need the editor and the programmes too: what uses an asset, deleting it. */
export function libraryTrashHandlers(
  { library }: MediaServices,
  sources: AudioSources,
  programmes: ProgrammeService,
): Pick<Handlers, 'library.usage' | 'library.purge'> {
  return {
    'library.usage': ({ id }) => {
      library.get(id); // NOT_FOUND for an asset that is not there
      return programmes.assetUsage(id);
    },
    'library.purge': async ({ id }) => {
      await library.purge(id);
      await sources.forget(id);
      return { id };
    },
  };
}
