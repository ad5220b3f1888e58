import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ProgrammeApprovalState,
  ProgrammeApprovalStep,
  ProgrammeState,
  UiLanguage,
} from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDateTime } from '../../ui/dates';
import { SendToProvince } from '../publish/SendToProvince';
import type { ApprovalRights } from './useApprovalRights';

/** Every approval state, in the order a programme goes through them (every one, by its type). */
const STATE_ORDER: Record<ProgrammeApprovalState, number> = {
  draft: 0,
  submitted: 1,
  returned: 2,
  approved: 3,
  sent: 4,
  aired: 5,
};
export const APPROVAL_STATES = (Object.keys(STATE_ORDER) as ProgrammeApprovalState[]).sort(
  (a, b) => STATE_ORDER[a] - STATE_ORDER[b],
);

/** The first characters of a SHA-256, enough to tell two masters apart by eye. */
export const shortHash = (sha: string | null) => (sha ? sha.slice(0, 12) : '');

/** Nháp / chờ duyệt / đã duyệt / trả lại / đã gửi / đã phát, as a coloured pill. */
export function ApprovalBadge({ state, emergency }: { state: ProgrammeApprovalState; emergency?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`approval-badge approval-${state}`} data-approval={state} data-testid="approval-badge">
      {t(`programme.approval.state.${state}`)}
      {emergency && state !== 'draft' && ` · ${t('programme.approval.emergencyShort')}`}
    </span>
  );
}

/**
 * The approver's reason while the programme is returned, or (once it is changed and a draft again)
 * the latest return not yet followed by a new submission: what the maker has to fix.
 */
export function pendingReturn(state: ProgrammeState): ProgrammeApprovalStep | null {
  const history = state.approval.history;
  for (let i = history.length - 1; i >= 0; i--) {
    const step = history[i] as ProgrammeApprovalStep;
    if (step.state === 'returned') return step;
    if (step.state !== 'draft') return null;
  }
  return null;
}

/** The approver's comment, prominent, for the maker of a returned programme. */
export function ReturnedBanner({ state, lang }: { state: ProgrammeState; lang: UiLanguage }) {
  const { t } = useTranslation();
  const step = pendingReturn(state);
  if (!step) return null;
  return (
    <div className="banner banner-warning returned-banner" role="status" data-testid="returned-banner">
      <strong>
        {t('programme.approval.returnedBy', {
          who: step.byName ?? t('programme.approval.localAdmin'),
          at: formatDateTime(step.at, lang),
        })}
      </strong>
      <p className="returned-comment">{step.comment}</p>
      {state.approval.state === 'draft' && <p className="small">{t('programme.approval.returnedFixed')}</p>}
    </div>
  );
}

/** Whether the programme's last render is of it as it is now, with a WAV master to approve. */
function currentMaster(state: ProgrammeState): string | null {
  const r = state.lastRender;
  if (!r || r.documentKey !== state.documentKey) return null;
  return r.files.find((f) => f.format === 'wav')?.sha256 ?? null;
}

/**
 * Approval: where the programme stands, the maker's "Gửi duyệt" (with a note) or "Rút lại", the
 * approver's "Duyệt" / "Trả lại" (a reason required) / "Duyệt khẩn cấp" (asked first), and every
 * step so far. Buttons the user may not use are not shown; main checks each call anyway.
 */
export function ApprovalPanel({
  state,
  lang,
  rights,
  disabled,
  onChanged,
}: {
  state: ProgrammeState;
  lang: UiLanguage;
  rights: ApprovalRights;
  disabled: boolean;
  onChanged(next: ProgrammeState): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const api = client.api.programme;
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [askEmergency, setAskEmergency] = useState(false);
  /** After an emergency approved and sent in one step: queued, or why it was not (none: not configured). */
  const [sendOutcome, setSendOutcome] = useState<{ queued: boolean; error: string | null } | null>(null);
  // An approver who may also send approves an emergency and sends it in the same step (main queues it).
  const emergencyKey = rights.send ? 'emergencySend' : 'emergency';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const { approval } = state;
  const master = currentMaster(state);

  const run = async (call: () => Promise<ProgrammeState>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await call());
      setNote('');
      setReason('');
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  const open = approval.state === 'draft' || approval.state === 'returned';
  const submitted = approval.state === 'submitted';
  return (
    <section
      className="card panel approval-panel"
      aria-labelledby="approval-title"
      data-testid="approval-panel"
    >
      <h2 id="approval-title">{t('programme.approval.title')}</h2>
      <p className="row wrap">
        <ApprovalBadge state={approval.state} emergency={approval.emergency} />
        {approval.masterSha256 && (
          <span className="muted small" title={approval.masterSha256}>
            {t('programme.approval.master', { hash: shortHash(approval.masterSha256) })}
          </span>
        )}
      </p>
      <p className="muted small">{t(`programme.approval.explain.${approval.state}`)}</p>
      <SendToProvince programmeId={state.id} approvalState={approval.state} />

      {rights.submit && open && (
        <form
          className="segment-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.submit({ id: state.id, ...(note.trim() ? { comment: note.trim() } : {}) }));
          }}
        >
          <label className="wide">
            {t('programme.approval.note')}
            <textarea
              className="input"
              rows={2}
              maxLength={2000}
              value={note}
              placeholder={t('programme.approval.notePlaceholder')}
              onChange={(e) => setNote(e.target.value)}
              data-testid="approval-note"
            />
          </label>
          <div className="form-end wide row">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={busy || disabled || master === null}
              data-testid="approval-submit"
            >
              {t('programme.approval.submit')}
            </button>
            {master === null && <span className="muted small">{t('programme.approval.renderFirst')}</span>}
          </div>
        </form>
      )}
      {rights.submit && submitted && (
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={busy || disabled}
            onClick={() => void run(() => api.withdraw({ id: state.id }))}
            data-testid="approval-withdraw"
          >
            {t('programme.approval.withdraw')}
          </button>
        </div>
      )}

      {rights.approve && submitted && (
        <div className="approver-box" data-testid="approver-box">
          <h3>{t('programme.approval.decide')}</h3>
          <div className="row wrap">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || disabled || approval.masterSha256 === null}
              onClick={() =>
                void run(() => api.approve({ id: state.id, masterSha256: approval.masterSha256 as string }))
              }
              data-testid="approval-approve"
            >
              ✓ {t('programme.approval.approve')}
            </button>
          </div>
          <form
            className="segment-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => api.return({ id: state.id, comment: reason.trim() }));
            }}
          >
            <label className="wide">
              {t('programme.approval.reason')}
              <textarea
                className="input"
                rows={3}
                maxLength={2000}
                value={reason}
                placeholder={t('programme.approval.reasonPlaceholder')}
                onChange={(e) => setReason(e.target.value)}
                data-testid="approval-reason"
              />
            </label>
            <div className="form-end wide row">
              <button
                type="submit"
                className="btn btn-danger"
                disabled={busy || disabled || reason.trim() === ''}
                data-testid="approval-return"
              >
                {t('programme.approval.return')}
              </button>
              {reason.trim() === '' && (
                <span className="muted small">{t('programme.approval.reasonNeeded')}</span>
              )}
            </div>
          </form>
        </div>
      )}
      {rights.approve && open && (
        <div className="row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={busy || disabled || master === null}
            onClick={() => setAskEmergency(true)}
            data-testid="approval-emergency"
          >
            ⚠ {t(`programme.approval.${emergencyKey}`)}
          </button>
          {master === null && <span className="muted small">{t('programme.approval.renderFirst')}</span>}
        </div>
      )}
      {sendOutcome &&
        (sendOutcome.queued ? (
          <p className="small" role="status" data-testid="approval-sent-at-once">
            {t('programme.approval.sentAtOnce')}
          </p>
        ) : (
          <p className="small banner banner-warning" role="alert" data-testid="approval-not-sent">
            {t('programme.approval.notSentAtOnce', {
              reason: sendOutcome.error ?? t('programme.approval.publishNotConfigured'),
            })}
          </p>
        ))}
      <ErrorMessage error={error} />

      <h3>{t('programme.approval.history')}</h3>
      {approval.history.length === 0 ? (
        <p className="muted small">{t('programme.approval.noHistory')}</p>
      ) : (
        <ol className="approval-history" data-testid="approval-history">
          {[...approval.history].reverse().map((step, i) => (
            <li key={`${step.at}-${i}`} data-state={step.state}>
              <div className="row wrap">
                <ApprovalBadge state={step.state} emergency={step.emergency} />
                <span className="small">{step.byName ?? t('programme.approval.localAdmin')}</span>
                <span className="muted small">{formatDateTime(step.at, lang)}</span>
                {step.masterSha256 && (
                  <code className="small" title={step.masterSha256}>
                    {shortHash(step.masterSha256)}
                  </code>
                )}
              </div>
              {step.comment && <p className="small approval-step-comment">{step.comment}</p>}
            </li>
          ))}
        </ol>
      )}

      {askEmergency && master && (
        <ConfirmDialog
          title={t(`programme.approval.${emergencyKey}Title`)}
          confirmLabel={t(`programme.approval.${emergencyKey}Confirm`)}
          testId="approval-emergency-dialog"
          onClose={() => setAskEmergency(false)}
          onConfirm={async () => {
            const approved = await api.approve({ id: state.id, masterSha256: master, emergency: true });
            onChanged(approved);
            if (rights.send) {
              setSendOutcome({ queued: approved.outboxItem !== null, error: approved.outboxError });
            }
          }}
        >
          <p>
            {t(`programme.approval.${emergencyKey}Text`, {
              title: state.metadata.title,
              hash: shortHash(master),
            })}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
