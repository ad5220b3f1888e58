import { useEffect, useRef, useState } from 'react';
import type { PeaksResult, ProgrammeState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';

/** Enough buckets to draw a clip of a few minutes crisply without asking again on every zoom. */
const BUCKETS = 6000;

/**
 * Peaks of the library assets a programme uses, from main's cache (the page never decodes audio).
 * Edit segments are drawn without a waveform: their audio exists only once the edit renders.
 */
export function useClipPeaks(state: ProgrammeState | null): ReadonlyMap<string, PeaksResult> {
  const { client } = useStudio();
  const [peaks, setPeaks] = useState<ReadonlyMap<string, PeaksResult>>(new Map());
  const asked = useRef(new Set<string>());
  const ids = [
    ...new Set((state?.items ?? []).flatMap((i) => (i.source?.kind === 'asset' ? [i.source.assetId] : []))),
  ]
    .sort()
    .join(',');

  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    for (const id of ids === '' ? [] : ids.split(',')) {
      if (asked.current.has(id)) continue;
      asked.current.add(id);
      client.api.library
        .peaks({ id, maxBuckets: BUCKETS })
        .then((p) => alive.current && setPeaks((m) => new Map(m).set(id, p)))
        // A trashed or lost asset has no peaks: the clip is drawn without a waveform.
        .catch(() => undefined);
    }
  }, [client, ids]);

  return peaks;
}
