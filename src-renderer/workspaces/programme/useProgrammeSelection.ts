import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProgrammeItemView, ProgrammeState, ProgrammeTrack } from '../../../src-main/contract';
import type { ProgrammePlayer } from './useProgrammePlayer';

export type Tab = 'item' | 'meta' | 'ducking' | 'render' | 'approval' | 'template';
export const TABS: Tab[] = ['item', 'meta', 'ducking', 'render', 'approval', 'template'];

export interface ProgrammeSelection {
  /** The programme's items, in rundown order (none before it has loaded). */
  items: ProgrammeItemView[];
  selectedId: string | null;
  /** The selected item, or null. */
  selected: ProgrammeItemView | null;
  selectedTrack: string | null;
  /** The selected track (an item and a track are never selected together). */
  track: ProgrammeTrack | null;
  /** The side panel's open tab. */
  tab: Tab;
  setTab(tab: Tab): void;
  /** Selects an item (null: none) and shows it in the item tab. */
  select(itemId: string | null): void;
  selectTrack(trackId: string): void;
  setSelectedTrack(trackId: string | null): void;
  /** Neither an item nor a track. */
  clear(): void;
}

/** Which item or track of the programme is selected, and the side panel's tab that shows it. */
export function useProgrammeSelection(
  state: ProgrammeState | null,
  player: ProgrammePlayer,
): ProgrammeSelection {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectedTrack, setSelectedTrack] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('item');

  const items = useMemo(() => state?.items ?? [], [state]);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  // The selection goes when its item does (removed here or in another window).
  useEffect(() => {
    if (selectedId && state && !state.items.some((i) => i.id === selectedId)) setSelectedId(null);
  }, [state, selectedId]);

  const { playing, seek } = player;
  const select = useCallback(
    (itemId: string | null) => {
      setSelectedId(itemId);
      if (!itemId) return;
      setSelectedTrack(null);
      setTab('item');
      // Stopped, the playhead goes to the chosen item: Space then plays it in the mix.
      const item = itemsRef.current.find((i) => i.id === itemId);
      if (item && !playing) seek(item.start);
    },
    [playing, seek],
  );

  return {
    items,
    selectedId,
    selected: items.find((i) => i.id === selectedId) ?? null,
    selectedTrack,
    track: state?.tracks.find((tr) => tr.id === selectedTrack) ?? null,
    tab,
    setTab,
    select,
    selectTrack: (trackId) => {
      setSelectedId(null);
      setSelectedTrack(trackId);
      setTab('item');
    },
    setSelectedTrack,
    clear: () => {
      select(null);
      setSelectedTrack(null);
    },
  };
}
