import { useEffect } from 'react';
import type { ArchiveSearchResult } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { useCall, type CallState } from '../../ui/useCall';
import { type ArchiveFilters, toQuery } from './archive-filters';

/** Typing pauses this long before the archive is asked: a search as you type, not a call per key. */
const DEBOUNCE_MS = 200;

/** The archive's hits and facet counts for the current filters, asked again as they change. */
export function useArchiveSearch(filters: ArchiveFilters): CallState<ArchiveSearchResult> {
  const { client } = useStudio();
  const key = JSON.stringify(toQuery(filters));
  const state = useCall(() => client.api.archive.search(JSON.parse(key)));
  const { reload } = state;
  useEffect(() => {
    const t = setTimeout(reload, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [key, reload]);
  return state;
}
