import { describe, expect, it } from 'vitest';
import {
  facetValues,
  NO_FILTERS,
  openTarget,
  toggled,
  toQuery,
} from '../../src-renderer/workspaces/archive/archive-filters';
import { fold } from '../../src-renderer/workspaces/archive/highlight';

const P = 'a'.repeat(32);
const A = 'b'.repeat(64);

describe('the archive search tab', () => {
  it('asks only for the filters set, lengths as seconds', () => {
    expect(toQuery(NO_FILTERS)).toEqual({ text: '', sort: 'relevance', limit: 100 });
    const f = toggled(
      toggled({ ...NO_FILTERS, text: ' doi song ', length: '1to5', from: '2025-01-01' }, 'language', 'tyz'),
      'language',
      'hnj',
    );
    expect(toQuery(f)).toEqual({
      text: 'doi song',
      sort: 'relevance',
      limit: 100,
      minLengthSec: 60,
      maxLengthSec: 300,
      language: ['tyz', 'hnj'],
      from: '2025-01-01',
    });
    expect(toQuery(toggled(f, 'language', 'tyz')).language).toEqual(['hnj']);
  });

  it('lists facet values most first, keeping a ticked value main no longer counts', () => {
    expect(facetValues({ vie: 3, tyz: 5, hnj: 3 }, ['ksw'])).toEqual([
      ['tyz', 5],
      ['hnj', 3],
      ['vie', 3],
      ['ksw', 0],
    ]);
  });

  it('opens a segment at its programme, an asset in the editor, an air recording nowhere', () => {
    expect(openTarget({ id: `segment:${P}/i2`, kind: 'segment', sourceId: P })).toBe(`programme/${P}`);
    expect(openTarget({ id: `programme:${P}`, kind: 'programme', sourceId: P })).toBe(`programme/${P}`);
    expect(openTarget({ id: `asset:${A}`, kind: 'asset', sourceId: A })).toBe(`editor/${A}`);
    expect(openTarget({ id: 'as-aired:x', kind: 'as-aired', sourceId: 'x' })).toBeNull();
  });

  it('folds Vietnamese as the index does, NFC or NFD alike', () => {
    expect(fold('Đời sống Đắk Lắk')).toBe('doi song dak lak');
    expect(fold('Đức'.normalize('NFD'))).toBe('duc');
  });
});
