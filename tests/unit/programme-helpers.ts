/** Programme items for unit tests: every field filled, a voice item of one second by default. */
import type { ProgrammeItem } from '../../src-main/contract';

export const S = 48_000;

export function testItem(fields: Partial<ProgrammeItem> = {}): ProgrammeItem {
  return {
    id: 'i1',
    trackId: 't1',
    title: 'Tin',
    source: { kind: 'asset', assetId: 'a'.repeat(64) },
    start: 0,
    sourceStart: 0,
    sourceEnd: S,
    gainDb: 0,
    fadeIn: 0,
    fadeOut: 0,
    fadeCurve: 'scurve',
    crossfade: 0,
    language: 'vie',
    versionOf: null,
    duck: null,
    ...fields,
  };
}
