import type { TFunction } from 'i18next';
import type { AuditListEntry } from '../../../src-main/contract';

/** Who did it, as people know them: their name, else their id; the local admin by that name. */
export function whoDid(t: TFunction, userId: string | null, userName: string | null): string {
  return userName ?? userId ?? t('audit.localAdmin');
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

/**
 * An entry in plain words: "Nguyễn Văn A đã duyệt chương trình “Bản tin sáng”"; for an action the
 * UI has no words for, who and the action's code.
 */
export function entrySentence(t: TFunction, e: AuditListEntry): string {
  const who = whoDid(t, e.userId, e.userName);
  const key = `audit.verbs.${e.action.replace(/\./g, '_')}`;
  const verb = t(key, { defaultValue: '' });
  if (!verb) return t('audit.unknownAction', { who, action: e.action });
  return t('audit.sentence', { who, verb, what: objectName(t, e) }).trim();
}
