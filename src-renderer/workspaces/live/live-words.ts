import type { TFunction } from 'i18next';
import type {
  LivePriority,
  LiveSettings,
  LiveState,
  LiveTarget,
  RequestIn,
  Station,
  UserSummary,
} from '../../../src-main/contract';

/** A station as the desk needs it: from the registry, or from the live state for who may not read it. */
export type DeskStation = Pick<Station, 'code' | 'name' | 'group' | 'enabled'>;

/** What the big on-air sign says: the mode, in words and colour (never colour alone). */
export type AirMode = LiveState['mode'];

/** The stations a target reaches, as main resolves it: enabled ones only, in the registry's order. */
export function stationsOf<S extends DeskStation>(target: LiveTarget, stations: readonly S[]): S[] {
  const enabled = stations.filter((s) => s.enabled);
  switch (target.kind) {
    case 'all':
      return enabled;
    case 'group':
      return enabled.filter((s) => s.group === target.group);
    case 'stations': {
      const chosen = new Set(target.codes);
      return enabled.filter((s) => chosen.has(s.code));
    }
  }
}

/** "tất cả cụm thu", "nhóm Bát Xát", "3 cụm thu đã chọn". */
export function targetWords(t: TFunction, target: LiveTarget | null): string {
  if (!target) return '';
  switch (target.kind) {
    case 'all':
      return t('live.target.allWords');
    case 'group':
      return t('live.target.groupWords', { group: target.group });
    case 'stations':
      return t('live.target.chosenWords', { count: target.codes.length });
  }
}

/** Names for a confirmation: every station by name when few, else the first ones and how many more. */
export function stationNames(stations: ReadonlyArray<{ name: string }>, t: TFunction, shown = 12): string {
  const names = stations.slice(0, shown).map((s) => s.name);
  const more = stations.length - names.length;
  return more > 0 ? `${names.join(', ')} ${t('live.andMore', { count: more })}` : names.join(', ');
}

/**
 * Whether this user may start or end an emergency: the station's choice of roles
 * (`LiveSettings.emergencyRoles`), the admin always. Main checks it again; this says why a button
 * is off. `user` null or absent: the local admin of a studio without users.
 */
export function mayEmergency(
  user: UserSummary | null | undefined,
  settings: LiveSettings | null,
  permitted: boolean,
): boolean {
  if (!user) return true;
  if (user.roles.includes('admin')) return true;
  if (!settings) return permitted;
  return user.roles.some((r) => settings.emergencyRoles.includes(r));
}

/** The roles the station lets start an emergency, in words: "kỹ thuật viên phát sóng, lãnh đạo duyệt". */
export function emergencyRolesWords(t: TFunction, settings: LiveSettings | null): string {
  const roles = settings?.emergencyRoles ?? ['operator', 'chiefEditor'];
  return [...new Set([...roles, 'admin'])].map((r) => t(`roles.${r}.name`, { defaultValue: r })).join(', ');
}

/** A source the operator picked before going live, sent with `live.start`. */
export interface PlannedSource {
  key: string;
  request: RequestIn<'live.source.add'>;
  label: string;
}

/** The class an added source plays in, by what it is. */
export function priorityOf(kind: 'asset' | 'relay' | 'mic'): LivePriority {
  return kind === 'asset' ? 'playout' : kind;
}

/** "Tiếp sóng · http://…", "Micrô", "Tệp · Bản tin sáng": for a source with no label of its own. */
export function specWords(t: TFunction, spec: string): string {
  if (spec === 'mic') return t('live.kind.mic');
  if (spec.startsWith('mic:')) return `${t('live.kind.mic')} · ${spec.slice(4)}`;
  if (spec.startsWith('url:')) return `${t('live.kind.relay')} · ${spec.slice(4)}`;
  if (spec.startsWith('file:')) return spec.slice(5).split(/[\\/]/).pop() ?? spec;
  return spec;
}

/** Seconds since `since` as h:mm:ss (the time on air). */
export function elapsed(since: string | null, now: number): string {
  if (!since) return '0:00:00';
  const total = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
