import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AuditActionGroup,
  AuditFilter,
  AuditListEntry,
  AuditListPage,
} from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { DateField } from '../../ui/DateField';
import { formatDateTime } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/TextField';
import { isTyping } from '../../ui/typing';
import { AuditCsvExport } from './AuditCsvExport';
import { entrySentence, objectName, userLabel, whoDid } from './sentence';

const PAGE = 50;

/** The contract's groups, in its order (a record, so that the type checker sees every group here). */
const GROUP_ORDER: Record<AuditActionGroup, number> = {
  library: 0,
  edit: 1,
  programme: 2,
  approval: 3,
  publish: 4,
  live: 5,
  system: 6,
  accounts: 7,
};
const GROUPS = Object.keys(GROUP_ORDER) as AuditActionGroup[];

/** The filters as the screen holds them: '' for a field left empty; `userId` undefined for anyone. */
interface Filters {
  from: string;
  to: string;
  group: AuditActionGroup | '';
  text: string;
  userId?: string | null;
  action?: string;
  objectId?: string;
  objectLabel?: string;
}

const NONE: Filters = { from: '', to: '', group: '', text: '' };

/** The user select's value for the local admin (a user id is never empty and has no colon). */
const LOCAL_ADMIN = ':local';

/** The filters in the call's terms (empty fields left out). */
export function toAuditFilter(f: Filters): AuditFilter {
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.group ? { group: f.group } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.userId !== undefined ? { userId: f.userId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.objectId ? { objectId: f.objectId } : {}),
  };
}

/**
 * The entries, newest first, a page at a time, with the filters: days, kind of work, words, and
 * (by clicking them in a row) a user, an action or an object. Page Up / Page Down turn the pages.
 */
export function AuditList() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const [filters, setFilters] = useState<Filters>(NONE);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditListPage | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const filter = toAuditFilter(filters);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    // Typing in the search field asks once it pauses, not at every key.
    const timer = setTimeout(() => {
      client.api.audit
        .list({ ...(JSON.parse(filterKey) as AuditFilter), offset, limit: PAGE })
        .then((p) => {
          if (mine !== seq.current) return;
          setPage(p);
          setError(null);
        })
        .catch((err: unknown) => mine === seq.current && setError(toStudioCallError(err)))
        .finally(() => mine === seq.current && setLoading(false));
    }, 150);
    return () => clearTimeout(timer);
  }, [client, filterKey, offset]);

  const change = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setOffset(0);
  };
  const total = page?.total ?? 0;
  // Everyone in the log, and the user chosen by a click even before the answer lists them.
  const users = [...(page?.users ?? [])];
  if (filters.userId !== undefined && !users.some((u) => u.userId === filters.userId)) {
    users.push({ userId: filters.userId, userName: null });
  }
  const canNewer = offset > 0;
  const canOlder = offset + PAGE < total;
  const turn = (older: boolean) => {
    if (older ? canOlder : canNewer) setOffset((o) => Math.max(0, o + (older ? PAGE : -PAGE)));
  };
  // Page Down / Page Up turn the pages wherever the focus is (a page turned removes the row that
  // had it), except in a field or a dialog.
  const turnRef = useRef(turn);
  turnRef.current = turn;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
      if (isTyping(e) || (e.target as HTMLElement | null)?.closest?.('[role="dialog"]')) return;
      e.preventDefault();
      turnRef.current(e.key === 'PageDown');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const chips: Array<{ label: string; clear: Partial<Filters> }> = [];
  if (filters.action)
    chips.push({ label: t('audit.action', { name: filters.action }), clear: { action: undefined } });
  if (filters.objectId) {
    chips.push({ label: t('audit.object', { name: filters.objectLabel }), clear: { objectId: undefined } });
  }
  const filtered = filterKey !== '{}';

  return (
    <div className="audit-list">
      <div className="filters" role="search">
        <DateField
          label={t('audit.from')}
          labelClassName="inline"
          value={filters.from}
          onChange={(from) => change({ from })}
          testId="audit-from"
        />
        <DateField
          label={t('audit.to')}
          labelClassName="inline"
          value={filters.to}
          onChange={(to) => change({ to })}
          testId="audit-to"
        />
        <select
          className="input"
          aria-label={t('audit.group')}
          data-testid="audit-group"
          value={filters.group}
          onChange={(e) => change({ group: e.target.value as AuditActionGroup | '' })}
        >
          <option value="">{t('audit.allGroups')}</option>
          {GROUPS.map((g) => (
            <option key={g} value={g}>
              {t(`audit.groups.${g}`)}
            </option>
          ))}
        </select>
        <select
          className="input"
          aria-label={t('audit.userFilter')}
          data-testid="audit-user"
          value={filters.userId === undefined ? '' : (filters.userId ?? LOCAL_ADMIN)}
          onChange={(e) => {
            const v = e.target.value;
            change({ userId: v === '' ? undefined : v === LOCAL_ADMIN ? null : v });
          }}
        >
          <option value="">{t('audit.allUsers')}</option>
          {users.map((u) => (
            <option key={u.userId ?? LOCAL_ADMIN} value={u.userId ?? LOCAL_ADMIN}>
              {userLabel(t, u, users)}
            </option>
          ))}
        </select>
        <TextField
          hideLabel
          type="search"
          label={t('audit.search')}
          placeholder={t('audit.search')}
          className="grow"
          value={filters.text}
          data-testid="audit-text"
          onChange={(text) => change({ text })}
        />
        <AuditCsvExport filter={filter} />
      </div>
      {chips.length > 0 && (
        <div className="row wrap audit-chips">
          {chips.map((c) => (
            <button
              key={c.label}
              type="button"
              className="btn small-btn"
              aria-label={t('audit.removeFilter', { name: c.label })}
              onClick={() => change(c.clear)}
            >
              {c.label} ✕
            </button>
          ))}
          <button
            type="button"
            className="btn small-btn"
            onClick={() => {
              setFilters(NONE);
              setOffset(0);
            }}
          >
            {t('audit.clearFilters')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      <div className="row spread audit-pager">
        <p className="muted small" data-testid="audit-count" aria-live="polite">
          {total === 0
            ? t('audit.count', { count: 0 })
            : t('audit.range', { first: offset + 1, last: Math.min(total, offset + PAGE), total })}
        </p>
        <div className="row">
          <button
            type="button"
            className="btn small-btn"
            disabled={!canNewer}
            title="Page Up"
            onClick={() => turn(false)}
          >
            ← {t('audit.previous')}
          </button>
          <button
            type="button"
            className="btn small-btn"
            disabled={!canOlder}
            title="Page Down"
            onClick={() => turn(true)}
          >
            {t('audit.next')} →
          </button>
        </div>
      </div>
      {page && page.entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th className="num">{t('audit.column.seq')}</th>
                <th>{t('audit.column.at')}</th>
                <th>{t('audit.column.what')}</th>
                <th>{t('audit.column.host')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <EntryRow key={e.seq} entry={e} lang={lang} onFilter={change} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        !loading && <div className="empty">{filtered ? t('audit.noMatch') : t('audit.empty')}</div>
      )}
    </div>
  );
}

function EntryRow({
  entry: e,
  lang,
  onFilter,
}: {
  entry: AuditListEntry;
  lang: 'vi' | 'en';
  onFilter(patch: Partial<Filters>): void;
}) {
  const { t } = useTranslation();
  const who = whoDid(t, e.userId, e.userName);
  const comment = typeof e.details?.comment === 'string' && e.details.comment ? e.details.comment : null;
  return (
    <tr data-seq={e.seq}>
      <td className="num muted">{e.seq}</td>
      <td className="nowrap">{formatDateTime(e.at, lang)}</td>
      <td>
        <div className="audit-sentence">{entrySentence(t, e)}</div>
        {comment && <div className="small muted audit-comment">{t('audit.comment', { comment })}</div>}
        <div className="row wrap audit-row-filters">
          <button
            type="button"
            className="link-btn small"
            title={t('audit.filterByUser', { name: who })}
            onClick={() => onFilter({ userId: e.userId })}
          >
            {who}
          </button>
          <button
            type="button"
            className="link-btn small"
            title={t('audit.filterByAction', { name: e.action })}
            onClick={() => onFilter({ action: e.action })}
          >
            <code>{e.action}</code>
          </button>
          {e.objectId && (
            <button
              type="button"
              className="link-btn small"
              title={t('audit.filterByObject')}
              onClick={() => onFilter({ objectId: e.objectId ?? undefined, objectLabel: objectName(t, e) })}
            >
              {e.objectKind}:{e.objectId.slice(0, 12)}
            </button>
          )}
          {(e.details?.emergency === true || e.action === 'live.emergency.start') && (
            <span className="tag tag-warn">{t('audit.emergency')}</span>
          )}
        </div>
      </td>
      <td className="muted">{t(`audit.host.${e.host}`, { defaultValue: e.host })}</td>
    </tr>
  );
}
