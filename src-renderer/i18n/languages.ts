/**
 * Languages of programmes (ISO 639-3). Each station keeps its own list in its settings (edited on
 * the System screen); components read it with `useLanguages()`. Wherever a language is shown, it
 * is named through `languageName` (whole) or `languageShortName` (where space is short: clips,
 * table chips): the code is found in the station's list, then in the default list (content
 * labelled before a language was taken off the list keeps its name), and only otherwise shown.
 * Staff never read a code where a name exists.
 */
import type { StationLanguage } from '../../src-main/contract';
import { DEFAULT_STATION_LANGUAGES, NO_SPEECH } from '../../src-main/contract/languages';
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
 * What a language choice offers for something labelled `current`: the station's list, `current` too
 * when it is not (or no longer) on it, so that the choice still shows what is stored, and last
 * "Không lời" for music and jingles.
 */
export function useLanguageChoices(current: string): readonly ProgrammeLanguage[] {
  const list = useLanguages();
  const named = (code: string): ProgrammeLanguage => ({
    code,
    vi: languageName(code, 'vi'),
    en: languageName(code, 'en'),
    short: languageShortName(code, 'vi'),
  });
  const kept =
    current === '' || current === NO_SPEECH || list.some((l) => l.code === current) ? [] : [named(current)];
  return [...list, ...kept, named(NO_SPEECH)];
}

/**
 * Items without speech (music, jingles) carry no language: no code at all, or ISO 639's "zxx"
 * (no linguistic content). They are named as such, never by a code.
 */
const NO_SPEECH_NAME: Readonly<Record<'vi' | 'en', string>> = { vi: 'Không lời', en: 'No speech' };

function hasNoLanguage(code: string | null | undefined): code is null | undefined | '' | typeof NO_SPEECH {
  return code === null || code === undefined || code === '' || code === NO_SPEECH;
}

function find(code: string): ProgrammeLanguage | undefined {
  return station.find((l) => l.code === code) ?? DEFAULT_LANGUAGES.find((l) => l.code === code);
}

/** "Tiếng Việt", "Tày": the language's whole name in the UI's language. */
export function languageName(code: string | null | undefined, ui: 'vi' | 'en'): string {
  if (hasNoLanguage(code)) return NO_SPEECH_NAME[ui];
  return find(code)?.[ui] ?? code;
}

/** "Việt", "Tày": the station's short name, where the whole name does not fit. */
export function languageShortName(code: string | null | undefined, ui: 'vi' | 'en'): string {
  if (hasNoLanguage(code)) return NO_SPEECH_NAME[ui];
  const l = find(code);
  return l ? l.short || l.vi : code;
}
