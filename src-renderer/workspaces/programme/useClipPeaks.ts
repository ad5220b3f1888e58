import { useEffect, useRef, useState } from 'react';
import type { PeaksResult, ProgrammeItemView, ProgrammeState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';

/** Enough buckets to draw a clip of a few minutes crisply without asking again on every zoom. */
const BUCKETS = 6000;

/**
 * What the peaks of an item's source are known by. An edit's includes its length, so that a segment
 * made longer or shorter in the editor is drawn anew; a change inside it shows the next time the
 * programme is opened (main renders the edit again then, from its preview cache when unchanged).
 */
export function clipPeaksKey(item: Pick<ProgrammeItemView, 'source' | 'sourceFrames'>): string | null {
  const s = item.source;
  if (!s) return null;
  if (s.kind === 'asset') return `asset:${s.assetId}`;
  return `edit:${s.projectId}:${s.segmentId ?? '*'}:${item.sourceFrames ?? '?'}`;
}

/**
 * Peaks of the sources a programme uses, from main (the page never decodes audio): a library
 * asset's from its cache, an edit's or a segment's once main has rendered it.
 */
export function useClipPeaks(state: ProgrammeState | null): ReadonlyMap<string, PeaksResult> {
  const { client } = useStudio();
  const [peaks, setPeaks] = useState<ReadonlyMap<string, PeaksResult>>(new Map());
  const asked = useRef(new Set<string>());
  const wanted = new Map<string, NonNullable<ProgrammeItemView['source']>>();
  for (const item of state?.items ?? []) {
    const key = clipPeaksKey(item);
    if (key && item.source && item.sourceFrames !== null) wanted.set(key, item.source);
  }
  const keys = [...wanted.keys()].sort().join('\n');

  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    for (const [key, source] of wanted) {
      if (asked.current.has(key)) continue;
      asked.current.add(key);
      client.api.programme
        .sourcePeaks({ source, maxBuckets: BUCKETS })
        .then((p) => alive.current && setPeaks((m) => new Map(m).set(key, p)))
        // A trashed or lost source has no peaks: the clip is drawn without a waveform.
        .catch(() => undefined);
    }
    // `keys` stands for `wanted`, which is new on every render.
  }, [client, keys]);

  return peaks;
}
