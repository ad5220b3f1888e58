/**
 * The airtime report's arithmetic (issue 17), from broadcast log entries and what is known of the
 * programmes they played. Pure: the service reads the log and the programmes, this adds them up.
 *
 * - An entry counts in the month (of this machine's calendar) its air began in, with the seconds
 *   each station heard it (`stations[].seconds`), summed over the stations.
 * - A programme's seconds per language are its analysis' `secondsByLanguage`, scaled to what a
 *   station heard of it (heard ÷ the programme's length): a programme cut short after half its
 *   length counts half of each language. What the programme plays without speech (music, jingles)
 *   counts as "Không lời". A relay or live speech counts in the station's default language (the
 *   first of its broadcast languages); anything else whose language is unknown (a file, a
 *   programme no longer there) as "Không xác định".
 * - The ethnic-language share is the seconds in languages other than Vietnamese (not "Không lời",
 *   not "Không xác định") over all seconds aired.
 */
import type {
  AirtimeReport,
  AirtimeRow,
  BroadcastLogEntry,
  ReportGrouping,
  StationLanguage,
} from '../contract';
import { NO_SPEECH } from '../contract';

/** The language of airtime nobody can say the language of (ISO 639-3 "undetermined"). */
export const UNKNOWN_LANGUAGE = 'und';
export const VIETNAMESE = 'vie';

/** What the report needs of a programme that aired. */
export interface ProgrammeFacts {
  subject: string;
  /** Seconds of speech per language (ISO 639-3), as its analysis or last render has them. */
  secondsByLanguage: Record<string, number>;
  durationSec: number;
}

export interface AirtimeInputs {
  month: string;
  by: ReportGrouping;
  /** Entries that began in the twelve months ending with `month` (older ones are ignored). */
  entries: Iterable<BroadcastLogEntry>;
  /** A programme by its id; null when it is no longer there. */
  programme: (id: string) => ProgrammeFacts | null;
  /** The station's broadcast languages in its order: the first is the default. */
  languages: readonly StationLanguage[];
  stationName: (code: string) => string | null;
  programmesByReporter: AirtimeReport['programmesByReporter'];
  auditChainHead: string;
  generatedAt: string;
}

const SUBJECT_OF_KIND: Record<BroadcastLogEntry['kind'], string | null> = {
  programme: null,
  emergency: null,
  file: 'Tệp âm thanh',
  relay: 'Tiếp sóng',
  live: 'Phát trực tiếp',
};
export const UNKNOWN_SUBJECT_LABEL = 'Không xác định';

/** `month` and the eleven before it, oldest first. */
export function twelveMonthsTo(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(y, m - 12 + i, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
}

/** The instants a local month starts and the next one starts. */
export function localMonthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: new Date(y, m - 1, 1).toISOString(), to: new Date(y, m, 1).toISOString() };
}

export function programmeIdOf(entry: BroadcastLogEntry): string | null {
  return entry.spec.startsWith('programme:') ? entry.spec.slice('programme:'.length) : null;
}

/** A share of an entry's airtime: `fraction` of what each station heard. */
interface Fraction {
  key: string;
  fraction: number;
}

/** How an entry's airtime splits into languages, as fractions of what a station heard. */
export function languageFractions(
  entry: BroadcastLogEntry,
  facts: ProgrammeFacts | null,
  defaultLanguage: string,
): Fraction[] {
  if (facts && facts.durationSec > 0) {
    const spoken = Object.entries(facts.secondsByLanguage).filter(([, s]) => s > 0);
    // Two languages spoken over each other count both in the analysis; never more than was heard.
    const whole = Math.max(facts.durationSec, sum(spoken.map(([, s]) => s)));
    const parts = spoken.map(([key, s]) => ({ key, fraction: s / whole }));
    const rest = 1 - sum(parts.map((p) => p.fraction));
    if (rest > 1e-9) parts.push({ key: NO_SPEECH, fraction: rest });
    return parts;
  }
  if (entry.kind === 'relay' || entry.kind === 'live') return [{ key: defaultLanguage, fraction: 1 }];
  return [{ key: UNKNOWN_LANGUAGE, fraction: 1 }];
}

export function languageLabel(code: string, languages: readonly StationLanguage[]): string {
  if (code === NO_SPEECH) return 'Không lời';
  if (code === UNKNOWN_LANGUAGE) return 'Không xác định';
  const name = languages.find((l) => l.code === code)?.vi ?? code;
  return /^tiếng\s/i.test(name) ? name : `Tiếng ${name}`;
}

export function isEthnic(code: string): boolean {
  return code !== VIETNAMESE && code !== NO_SPEECH && code !== UNKNOWN_LANGUAGE;
}

export function computeAirtime(input: AirtimeInputs): AirtimeReport {
  const months = twelveMonthsTo(input.month);
  // Stored instants are UTC ISO text, whose order is their time order: months by comparing text.
  const starts = [...months.map((m) => localMonthRange(m).from), localMonthRange(input.month).to];
  const totals = months.map(() => ({ total: 0, ethnic: 0 }));
  const current = months.length - 1;
  const defaultLanguage = input.languages[0]?.code ?? UNKNOWN_LANGUAGE;
  const rows = new Map<string, { seconds: number; entries: Set<string> }>();
  const facts = new Map<string, ProgrammeFacts | null>();
  const factsOf = (entry: BroadcastLogEntry): ProgrammeFacts | null => {
    const id = programmeIdOf(entry);
    if (id === null) return null;
    if (!facts.has(id)) facts.set(id, input.programme(id));
    return facts.get(id) ?? null;
  };
  const split = new Map<string, { parts: Fraction[]; ethnic: number }>();
  const splitOf = (entry: BroadcastLogEntry) => {
    const programme = factsOf(entry);
    const key = programmeIdOf(entry) !== null && programme ? entry.spec : `kind:${entry.kind}`;
    let found = split.get(key);
    if (!found) {
      const parts = languageFractions(entry, programme, defaultLanguage);
      found = { parts, ethnic: sum(parts.filter((p) => isEthnic(p.key)).map((p) => p.fraction)) };
      split.set(key, found);
    }
    return { ...found, programme };
  };
  const add = (key: string, seconds: number, entryId: string) => {
    const row = rows.get(key) ?? { seconds: 0, entries: new Set<string>() };
    row.seconds += seconds;
    row.entries.add(entryId);
    rows.set(key, row);
  };

  for (const entry of input.entries) {
    const at = entry.actualStart;
    if (at < starts[0]! || at >= starts[months.length]!) continue;
    let month = 0;
    while (at >= starts[month + 1]!) month++;
    const bucket = totals[month]!;
    const { parts, ethnic, programme } = splitOf(entry);
    for (const station of entry.stations) {
      const heard = station.seconds;
      if (!(heard > 0)) continue;
      bucket.total += heard;
      bucket.ethnic += heard * ethnic;
      if (month !== current) continue;
      if (input.by === 'language') for (const p of parts) add(p.key, heard * p.fraction, entry.id);
      else if (input.by === 'station') add(station.code, heard, entry.id);
      else add(subjectKey(entry, programme), heard, entry.id);
    }
  }

  const label = (key: string): string => {
    if (input.by === 'language') return languageLabel(key, input.languages);
    if (input.by === 'station') return input.stationName(key) ?? key;
    return key === '' ? UNKNOWN_SUBJECT_LABEL : key;
  };
  const table: AirtimeRow[] = [...rows]
    .map(([key, row]) => ({ key, label: label(key), seconds: round(row.seconds), items: row.entries.size }))
    .sort((a, b) => b.seconds - a.seconds || a.key.localeCompare(b.key));
  const trend = months.map((month, i) => {
    const b = totals[i]!;
    return { month, ethnicShare: share(b.ethnic, b.total), totalSeconds: round(b.total) };
  });
  const now = totals[current]!;
  return {
    month: input.month,
    by: input.by,
    rows: table,
    totalSeconds: round(now.total),
    ethnicShare: share(now.ethnic, now.total),
    trend,
    programmesByReporter: input.programmesByReporter,
    auditChainHead: input.auditChainHead,
    generatedAt: input.generatedAt,
  };
}

function subjectKey(entry: BroadcastLogEntry, programme: ProgrammeFacts | null): string {
  if (programme) return programme.subject.trim();
  return SUBJECT_OF_KIND[entry.kind] ?? '';
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
/** Seconds to the millisecond: sums of scaled shares carry float noise nobody should see. */
const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;
const share = (part: number, whole: number): number =>
  whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
