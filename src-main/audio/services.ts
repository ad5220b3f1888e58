/**
 * The audio engine's services as the composition root builds them: one set of 48 kHz sources and
 * one preview cache, shared by the editor and the programmes (so that an asset is decoded once, a
 * preview rendered once, and a purge forgets an asset's copy for both).
 */
import type { EventSink } from '../contract';
import { PreviewCache } from './preview-cache';
import { AudioSources, type AssetFiles } from './sources';

export interface AudioServicesDeps {
  dataDir: string;
  library: AssetFiles;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  /** Previews kept in the cache (the oldest go first). */
  previewsKept?: number;
}

export interface AudioServices {
  sources: AudioSources;
  previews: PreviewCache;
}

export function openAudioServices(deps: AudioServicesDeps): AudioServices {
  const { dataDir, resolveFfmpeg } = deps;
  return {
    sources: new AudioSources({ dataDir, library: deps.library, resolveFfmpeg, emit: deps.emit }),
    previews: new PreviewCache({ dataDir, resolveFfmpeg, keep: deps.previewsKept }),
  };
}
