import { useEffect } from 'react';
import type { LibraryListResult } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { useCall, type CallState } from '../../ui/useCall';

export interface LibraryFilters {
  text: string;
  language: string;
  reporter: string;
  subject: string;
  tag: string;
  from: string;
  to: string;
  onlyDeleted: boolean;
}

export const NO_FILTERS: LibraryFilters = {
  text: '',
  language: '',
  reporter: '',
  subject: '',
  tag: '',
  from: '',
  to: '',
  onlyDeleted: false,
};

/** The library's list for the current filters, refreshed whenever the library changes. */
export function useLibraryList(filters: LibraryFilters): CallState<LibraryListResult> {
  const { client } = useStudio();
  const key = JSON.stringify(filters);
  const state = useCall(() => {
    const f = JSON.parse(key) as LibraryFilters;
    const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
    return client.api.library.list({
      text: opt(f.text),
      language: opt(f.language),
      reporter: opt(f.reporter),
      subject: opt(f.subject),
      tag: opt(f.tag),
      from: opt(f.from),
      to: opt(f.to),
      onlyDeleted: f.onlyDeleted,
      limit: 500,
    });
  });
  const { reload } = state;
  // Filters changed: ask again (debounced, so typing does not fire a call per key).
  useEffect(() => {
    const t = setTimeout(reload, 150);
    return () => clearTimeout(t);
  }, [key, reload]);
  useEffect(() => client.api.on('library.changed', () => reload()), [client, reload]);
  return state;
}
