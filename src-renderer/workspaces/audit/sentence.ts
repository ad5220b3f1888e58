import type { TFunction } from 'i18next';
import type { AuditListEntry } from '../../../src-main/contract';

/** Who did it, as people know them: their name, else their id; the local admin by that name. */
export function whoDid(t: TFunction, userId: string | null, userName: string | null): string {
  return userName ?? userId ?? t('audit.localAdmin');
}

/**
 * A user in the viewer's choice of user: their name as people know it; the id (its start) only
 * when two users in the list share that name.
 */
export function userLabel(
  t: TFunction,
  u: { userId: string | null; userName: string | null },
  everyone: ReadonlyArray<{ userId: string | null; userName: string | null }>,
): string {
  const name = whoDid(t, u.userId, u.userName);
  const shared =
    u.userName !== null && everyone.some((o) => o.userId !== u.userId && o.userName === u.userName);
  return shared && u.userId ? `${name} (${u.userId.slice(0, 8)})` : name;
}

/** What an object is called: `chương trình “Bản tin sáng”`, else its kind and id. */
export function objectName(
  t: TFunction,
  e: Pick<AuditListEntry, 'objectKind' | 'objectId' | 'objectTitle'>,
): string {
  if (e.objectId === null) return '';
  const kind = e.objectKind ? t(`audit.kinds.${e.objectKind}`, { defaultValue: e.objectKind }) : '';
  return e.objectTitle
    ? t('audit.objectTitled', { kind, title: e.objectTitle })
    : t('audit.objectId', { kind, id: e.objectId.length > 12 ? `${e.objectId.slice(0, 12)}…` : e.objectId });
}

/** The key of an entry's verb: `users.setDisabled` and `stations.setEnabled` say which way by their details. */
function verbKey(e: AuditListEntry): string {
  const action = e.action.replace(/\./g, '_');
  if (e.action === 'users.setDisabled') return `${action}_${e.details?.disabled === false ? 'off' : 'on'}`;
  if (e.action === 'stations.setEnabled') return `${action}_${e.details?.enabled === false ? 'off' : 'on'}`;
  return action;
}

/** Codes as a short list: the first few, then how many more. */
function someCodes(t: TFunction, codes: string[], shown = 6): string {
  const first = codes.slice(0, shown).join(', ');
  return codes.length > shown ? `${first} ${t('audit.live.more', { count: codes.length - shown })}` : first;
}

/**
 * What a live step names (issue 15), from its details: the stations it reached (going live, an
 * emergency), the source by its label and class; nothing for a stop or an emergency's end, which
 * say all in their verb. Null: not a live step of that kind (the object's name then).
 */
function liveWhat(t: TFunction, e: AuditListEntry): string | null {
  const d = e.details ?? {};
  const label = typeof d.label === 'string' && d.label ? d.label : null;
  const codes = Array.isArray(d.codes) ? d.codes.filter((c): c is string => typeof c === 'string') : null;
  const to = !codes
    ? ''
    : codes.length > 0
      ? t('audit.live.to', { count: codes.length, codes: someCodes(t, codes) })
      : t('audit.live.toNone');
  switch (e.action) {
    case 'live.start':
      return to;
    case 'live.emergency.start':
      return [to, label ? t('audit.live.with', { label }) : ''].filter(Boolean).join(' ');
    case 'live.source.add':
      return label
        ? t('audit.live.source', {
            label,
            kind: t(`live.priority.${String(d.priority)}`, { defaultValue: String(d.priority ?? '') }),
          })
        : '';
    case 'live.stop':
    case 'live.emergency.end':
    case 'live.configure':
      return '';
    default:
      return null;
  }
}

/**
 * An entry in plain words: "Nguyễn Văn A đã duyệt chương trình “Bản tin sáng”", "Nguyễn Văn A đã
 * đăng nhập" (a session step is about the actor's own session: no object named), "Đăng nhập không
 * thành công với tên “lan”: …" (refused: nobody signed in, the name tried); for an action the UI
 * has no words for, who and the action's code.
 */
export function entrySentence(t: TFunction, e: AuditListEntry): string {
  const who = whoDid(t, e.userId, e.userName);
  const action = e.action.replace(/\./g, '_');
  const refused = e.details?.refused;
  if (typeof refused === 'string') {
    const sentence = t(`audit.refused.${action}`, {
      defaultValue: '',
      who,
      name: typeof e.details?.name === 'string' ? e.details.name : '',
      reason: t(`audit.refused.${refused}`, { defaultValue: refused }),
    });
    if (sentence) return sentence;
  }
  const verb = t(`audit.verbs.${verbKey(e)}`, { defaultValue: '' });
  if (!verb) return t('audit.unknownAction', { who, action: e.action });
  const what = e.action.startsWith('auth.') ? '' : (liveWhat(t, e) ?? objectName(t, e));
  return t('audit.sentence', { who, verb, what }).trim();
}
