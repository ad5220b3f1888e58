import { useEffect, useState } from 'react';
import type { ArchiveHit } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { programmeIdOf } from './archive-filters';

/** Why a hit has nothing to play (each a sentence in the messages). */
export type NoAudio = 'notRendered' | 'asAired' | 'failed';

export type HitAudio =
  { state: 'loading' } | { state: 'ready'; src: string } | { state: 'none'; why: NoAudio };

/**
 * The address the page plays a hit from, through the hosts' media route: an asset's own audio; a
 * programme's (or one of its segments') last rendered master, which the segment's seconds are
 * within. As-aired recordings have no media route yet.
 */
export function useHitAudio(hit: ArchiveHit): HitAudio {
  const { client } = useStudio();
  const [audio, setAudio] = useState<HitAudio>({ state: 'loading' });
  useEffect(() => {
    if (hit.kind === 'asset') {
      setAudio({ state: 'ready', src: `media/${hit.sourceId}` });
      return;
    }
    const programmeId = programmeIdOf(hit);
    if (!programmeId) {
      setAudio({ state: 'none', why: 'asAired' });
      return;
    }
    let live = true;
    setAudio({ state: 'loading' });
    client.api.programme
      .get({ id: programmeId })
      .then((p) => {
        const files = p.lastRender?.files ?? [];
        const master = files.find((f) => f.format === 'wav' && f.mediaId) ?? files.find((f) => f.mediaId);
        if (live)
          setAudio(
            master?.mediaId
              ? { state: 'ready', src: `media/${master.mediaId}` }
              : { state: 'none', why: 'notRendered' },
          );
      })
      .catch(() => live && setAudio({ state: 'none', why: 'failed' }));
    return () => {
      live = false;
    };
  }, [client, hit]);
  return audio;
}
