import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeApprovalState, ProgrammeTemplate } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { DateField } from '../../ui/DateField';
import { formatDate, formatDateTime, today } from '../../ui/dates';
import { formatDuration } from '../../ui/format';
import { useCall } from '../../ui/useCall';
import { APPROVAL_STATES, ApprovalBadge } from './ApprovalPanel';
import { LanguageChip, PriorityBadge } from './labels';
import { ProgrammeBin } from './ProgrammeBin';
import { sec } from './model';

const open = (id: string) => {
  location.hash = `programme/${id}`;
};

/** Programmes, newest first, and the station's templates to start today's programme from. */
export function ProgrammeList() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const canWrite = useMay()('programme.write');
  const lang = settings.uiLanguage;
  const [approvalState, setApprovalState] = useState<ProgrammeApprovalState | ''>('');
  const list = useCall(() => client.api.programme.list(approvalState === '' ? {} : { approvalState }));
  const templates = useCall(() => client.api.programme['templates.list']());
  const [date, setDate] = useState(() => today());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [bin, setBin] = useState(false);
  const { reload } = list;
  const reloadTemplates = templates.reload;

  useEffect(() => client.api.on('programme.changed', () => reload()), [client, reload]);
  useEffect(() => client.api.on('programme.approval', () => reload()), [client, reload]);
  useEffect(reload, [approvalState, reload]);

  const create = async (template?: ProgrammeTemplate) => {
    setBusy(true);
    setError(null);
    try {
      const state = await client.api.programme.create({
        ...(template ? { templateId: template.id } : {}),
        metadata: { date: date || null },
      });
      open(state.id);
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  const removeTemplate = async (id: string) => {
    if (removing !== id) {
      setRemoving(id);
      return;
    }
    setRemoving(null);
    try {
      await client.api.programme['templates.remove']({ templateId: id });
      reloadTemplates();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const programmes = list.data ?? [];
  const tpl = templates.data ?? [];
  return (
    <section className="screen programme-list" aria-labelledby="programme-title">
      <header className="screen-head">
        <div>
          <h1 id="programme-title">{t('programme.title')}</h1>
          <p className="muted">{t('programme.intro')}</p>
        </div>
        <div className="row">
          <button
            type="button"
            className={bin ? 'btn btn-pressed' : 'btn'}
            aria-pressed={bin}
            data-testid="programme-trash-toggle"
            onClick={() => setBin((b) => !b)}
          >
            🗑 {t('trash.title')}
          </button>
          {canWrite && (
            <>
              <DateField
                label={t('programme.list.date')}
                labelClassName="inline"
                value={date}
                onChange={setDate}
                testId="new-programme-date"
              />
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void create()}>
                {t('programme.list.new')}
              </button>
            </>
          )}
        </div>
      </header>
      <ErrorMessage error={error ?? list.error ?? templates.error} />
      {bin && <ProgrammeBin onClose={() => setBin(false)} />}

      <h2>{t('programme.list.templates')}</h2>
      {tpl.length === 0 && !templates.loading ? (
        <p className="muted">{t('programme.list.noTemplates')}</p>
      ) : (
        <ul className="template-list" data-testid="template-list">
          {tpl.map((x) => (
            <li key={x.id} className="template-card card">
              <div className="template-name">{x.name}</div>
              <div className="muted small">
                {t('programme.list.templateShape', {
                  count: x.itemCount,
                  length: formatDuration(sec(x.lengthSamples)),
                })}
              </div>
              <div className="row wrap template-langs">
                {x.document.metadata.languages.map((l) => (
                  <LanguageChip key={l} code={l} ui={lang} />
                ))}
              </div>
              <div className="row wrap">
                <button
                  type="button"
                  className="btn btn-primary small-btn"
                  disabled={busy}
                  onClick={() => void create(x)}
                >
                  {t('programme.list.fromTemplate')}
                </button>
                <button
                  type="button"
                  className={removing === x.id ? 'btn btn-danger small-btn' : 'btn small-btn'}
                  onClick={() => void removeTemplate(x.id)}
                  onBlur={() => setRemoving(null)}
                >
                  {removing === x.id ? t('programme.list.confirmRemove') : t('programme.list.removeTemplate')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <div className="row wrap programme-list-head">
        <h2>{t('programme.list.programmes')}</h2>
        <label className="inline">
          {t('programme.list.approvalFilter')}
          <select
            className="input"
            value={approvalState}
            onChange={(e) => setApprovalState(e.target.value as ProgrammeApprovalState | '')}
            data-testid="approval-filter"
          >
            <option value="">{t('programme.list.allStates')}</option>
            {APPROVAL_STATES.map((x) => (
              <option key={x} value={x}>
                {t(`programme.approval.state.${x}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {programmes.length === 0 && !list.loading ? (
        <div className="empty">
          {approvalState === '' ? t('programme.list.empty') : t('programme.list.noneInState')}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table selectable" data-testid="programme-table">
            <thead>
              <tr>
                <th>{t('programme.list.column.title')}</th>
                <th>{t('programme.list.column.date')}</th>
                <th>{t('programme.list.column.priority')}</th>
                <th>{t('programme.list.column.approval')}</th>
                <th>{t('programme.list.column.languages')}</th>
                <th className="num">{t('programme.list.column.length')}</th>
                <th>{t('programme.list.column.rendered')}</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((p) => (
                <tr
                  key={p.id}
                  tabIndex={0}
                  onClick={() => open(p.id)}
                  onKeyDown={(e) => e.key === 'Enter' && open(p.id)}
                  className={p.priority === 'emergency' ? 'row-emergency' : undefined}
                >
                  <td className="asset-title">{p.title}</td>
                  <td>{formatDate(p.date, lang)}</td>
                  <td>
                    <PriorityBadge priority={p.priority} />
                  </td>
                  <td>
                    <ApprovalBadge state={p.approval.state} emergency={p.approval.emergency} />
                  </td>
                  <td>
                    <span className="row wrap">
                      {p.languages.map((l) => (
                        <LanguageChip key={l} code={l} ui={lang} short />
                      ))}
                    </span>
                  </td>
                  <td className="num">
                    {formatDuration(p.durationSec)}
                    {p.targetSamples !== null && (
                      <span className="muted small"> / {formatDuration(sec(p.targetSamples))}</span>
                    )}
                  </td>
                  <td>{formatDateTime(p.lastRenderAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
