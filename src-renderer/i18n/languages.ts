/**
 * Languages of programmes (ISO 639-3). Each station keeps its own list in its settings (edited on
 * the System screen); components read it with `useLanguages()`. `languageName` finds a code in
 * that list, then in the default list (content labelled before a language was taken off the list
 * keeps its name), and otherwise shows the code.
 */
import type { StationLanguage } from '../../src-main/contract';
import { DEFAULT_STATION_LANGUAGES } from '../../src-main/contract/languages';
import { useStudio } from '../studio/studio-context';

export type ProgrammeLanguage = StationLanguage;

/** The list a new studio starts with (one list, in the contract). */
export const DEFAULT_LANGUAGES: readonly ProgrammeLanguage[] = DEFAULT_STATION_LANGUAGES;

let station: readonly ProgrammeLanguage[] = DEFAULT_LANGUAGES;

/** Called with every settings the renderer gets from main (at start and on `settings.changed`). */
export function setStationLanguages(list: readonly ProgrammeLanguage[] | undefined): void {
  station = list && list.length > 0 ? list : DEFAULT_LANGUAGES;
}

/** The station's list, in its order, outside React (colours, sorting). */
export function stationLanguages(): readonly ProgrammeLanguage[] {
  return station;
}

/** The station's list, in its order: what language choices offer. */
export function useLanguages(): readonly ProgrammeLanguage[] {
  const { settings } = useStudio();
  return settings.languages && settings.languages.length > 0 ? settings.languages : DEFAULT_LANGUAGES;
}

/**
 * What a language choice offers for something labelled `current`: the station's list, and `current`
 * too when it is not (or no longer) on it, so that the choice still shows what is stored.
 */
export function useLanguageChoices(current: string): readonly ProgrammeLanguage[] {
  const list = useLanguages();
  if (list.some((l) => l.code === current)) return list;
  return [...list, { code: current, vi: languageName(current, 'vi'), en: languageName(current, 'en') }];
}

export function languageName(code: string, ui: 'vi' | 'en'): string {
  return (
    (station.find((l) => l.code === code) ?? DEFAULT_LANGUAGES.find((l) => l.code === code))?.[ui] ?? code
  );
}
