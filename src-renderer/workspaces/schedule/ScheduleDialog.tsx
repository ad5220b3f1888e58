import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveTarget, ScheduleRepeat, ScheduleSlot, Weekday } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Modal } from '../../ui/Modal';
import { useCall } from '../../ui/useCall';

/** The contract's weekdays, in its order (the renderer takes only types from the contract). */
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

type PlayKind = 'programme' | 'relay' | 'file';
type TargetKind = LiveTarget['kind'];

function playKindOf(play: string | undefined): PlayKind {
  if (play?.startsWith('url:')) return 'relay';
  if (play?.startsWith('file:')) return 'file';
  return 'programme';
}

/**
 * Adds a slot or changes one: its time, how it repeats, what plays (an approved programme from
 * the library, or a relay's address; a file scheduled from the command line keeps its path), its
 * length (a programme's own when left empty; a relay must be given one), where to, and its class.
 */
export function ScheduleDialog({
  slot,
  onClose,
  onSaved,
  onRemove,
}: {
  slot?: ScheduleSlot;
  onClose(): void;
  onSaved(): void;
  onRemove(slot: ScheduleSlot): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const programmes = useCall(() => client.api.programme.list({}));
  const stations = useCall(() => client.api.stations.list());
  const [title, setTitle] = useState(slot?.title ?? '');
  const [at, setAt] = useState(slot?.at ?? '06:00:00');
  const [repeatKind, setRepeatKind] = useState<ScheduleRepeat['kind']>(slot?.repeat.kind ?? 'daily');
  const [days, setDays] = useState<Weekday[]>(slot?.repeat.kind === 'weekly' ? slot.repeat.days : ['mon']);
  const [date, setDate] = useState(slot?.repeat.kind === 'once' ? slot.repeat.date : '');
  const [playKind, setPlayKind] = useState<PlayKind>(playKindOf(slot?.play));
  const [programmeId, setProgrammeId] = useState(
    slot?.play.startsWith('programme:') ? slot.play.slice(10) : '',
  );
  const [relayUrl, setRelayUrl] = useState(slot?.play.startsWith('url:') ? slot.play.slice(4) : '');
  const [minutes, setMinutes] = useState(
    slot ? String(Math.round((slot.lengthSeconds / 60) * 100) / 100) : '',
  );
  const [targetKind, setTargetKind] = useState<TargetKind>(slot?.target.kind ?? 'all');
  const [group, setGroup] = useState(slot?.target.kind === 'group' ? slot.target.group : '');
  const [codes, setCodes] = useState(slot?.target.kind === 'stations' ? slot.target.codes.join(', ') : '');
  const [priority, setPriority] = useState<ScheduleSlot['priority']>(slot?.priority ?? 'normal');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);

  const approved = (programmes.data ?? []).filter(
    (p) => p.deletedAt === null && (p.approval.state === 'approved' || p.approval.state === 'sent'),
  );
  const groups = [
    ...new Set((stations.data?.stations ?? []).map((s) => s.group).filter((g): g is string => !!g)),
  ];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const repeat: ScheduleRepeat =
      repeatKind === 'once'
        ? { kind: 'once', date }
        : repeatKind === 'weekly'
          ? { kind: 'weekly', days }
          : { kind: 'daily' };
    const play =
      playKind === 'relay'
        ? `url:${relayUrl.trim()}`
        : playKind === 'file'
          ? (slot?.play ?? '')
          : `programme:${programmeId}`;
    const target: LiveTarget =
      targetKind === 'group'
        ? { kind: 'group', group }
        : targetKind === 'stations'
          ? { kind: 'stations', codes: codes.split(/[\s,]+/).filter(Boolean) }
          : { kind: 'all' };
    const length = minutes.trim() === '' ? undefined : Math.round(Number(minutes.replace(',', '.')) * 60);
    const fields = {
      at: at.length === 5 ? `${at}:00` : at,
      repeat,
      play,
      target,
      priority,
      ...(length === undefined ? {} : { lengthSeconds: length }),
      ...(title.trim() ? { title: title.trim() } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      if (slot) await client.api.schedule.update({ id: slot.id, ...fields });
      else await client.api.schedule.add(fields);
      onSaved();
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={slot ? t('schedule.dialog.edit') : t('schedule.dialog.add')}
      onClose={onClose}
      testId="schedule-dialog"
      wide
    >
      <form className="schedule-form" onSubmit={(e) => void submit(e)}>
        <label className="auth-field">
          <span>{t('schedule.dialog.at')}</span>
          <input
            className="input"
            type="time"
            step={1}
            required
            value={at}
            onChange={(e) => setAt(e.target.value)}
            data-testid="schedule-at"
          />
        </label>
        <fieldset className="auth-field">
          <legend>{t('schedule.dialog.repeat')}</legend>
          <select
            className="input"
            value={repeatKind}
            onChange={(e) => setRepeatKind(e.target.value as ScheduleRepeat['kind'])}
            data-testid="schedule-repeat"
          >
            <option value="daily">{t('schedule.repeat.daily')}</option>
            <option value="weekly">{t('schedule.repeat.weekly')}</option>
            <option value="once">{t('schedule.repeat.once')}</option>
          </select>
          {repeatKind === 'weekly' && (
            <div className="row wrap">
              {WEEKDAYS.map((d, i) => (
                <label key={d} className="row">
                  <input
                    type="checkbox"
                    checked={days.includes(d)}
                    onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))}
                  />
                  {t(`schedule.day.${i}`)}
                </label>
              ))}
            </div>
          )}
          {repeatKind === 'once' && (
            <input
              className="input"
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.target.value)}
              aria-label={t('schedule.dialog.date')}
            />
          )}
        </fieldset>
        <fieldset className="auth-field">
          <legend>{t('schedule.dialog.play')}</legend>
          <select
            className="input"
            value={playKind}
            onChange={(e) => setPlayKind(e.target.value as PlayKind)}
            data-testid="schedule-play-kind"
          >
            <option value="programme">{t('schedule.play.programme')}</option>
            <option value="relay">{t('schedule.play.relay')}</option>
            {slot?.play.startsWith('file:') && <option value="file">{t('schedule.play.file')}</option>}
          </select>
          {playKind === 'programme' && (
            <select
              className="input"
              required
              value={programmeId}
              onChange={(e) => setProgrammeId(e.target.value)}
              data-testid="schedule-programme"
            >
              <option value="">
                {approved.length === 0 ? t('schedule.play.noneApproved') : t('schedule.play.choose')}
              </option>
              {approved.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          )}
          {playKind === 'relay' && (
            <input
              className="input"
              type="url"
              required
              placeholder="http://…"
              value={relayUrl}
              onChange={(e) => setRelayUrl(e.target.value)}
              aria-label={t('schedule.play.relayUrl')}
              data-testid="schedule-relay"
            />
          )}
          {playKind === 'file' && <code>{slot?.play.slice(5)}</code>}
        </fieldset>
        <label className="auth-field">
          <span>{t('schedule.dialog.minutes')}</span>
          <input
            className="input"
            inputMode="decimal"
            value={minutes}
            placeholder={playKind === 'relay' ? '' : t('schedule.dialog.ownLength')}
            required={playKind === 'relay'}
            onChange={(e) => setMinutes(e.target.value)}
            data-testid="schedule-minutes"
          />
        </label>
        <fieldset className="auth-field">
          <legend>{t('schedule.dialog.target')}</legend>
          <select
            className="input"
            value={targetKind}
            onChange={(e) => setTargetKind(e.target.value as TargetKind)}
            data-testid="schedule-target"
          >
            <option value="all">{t('schedule.target.all')}</option>
            <option value="group">{t('schedule.target.group')}</option>
            <option value="stations">{t('schedule.target.stations')}</option>
          </select>
          {targetKind === 'group' && (
            <select
              className="input"
              required
              value={group}
              onChange={(e) => setGroup(e.target.value)}
              aria-label={t('schedule.target.group')}
            >
              <option value="" />
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          )}
          {targetKind === 'stations' && (
            <input
              className="input"
              required
              value={codes}
              placeholder="XA-01, XA-02"
              onChange={(e) => setCodes(e.target.value)}
              aria-label={t('schedule.target.stations')}
            />
          )}
        </fieldset>
        <label className="auth-field">
          <span>{t('schedule.dialog.priority')}</span>
          <select
            className="input"
            value={priority}
            onChange={(e) => setPriority(e.target.value as ScheduleSlot['priority'])}
            data-testid="schedule-priority"
          >
            <option value="normal">{t('schedule.priority.normal')}</option>
            <option value="priority">{t('schedule.priority.priority')}</option>
            <option value="emergency">{t('schedule.priority.emergency')}</option>
          </select>
        </label>
        <label className="auth-field">
          <span>{t('schedule.dialog.title')}</span>
          <input
            className="input"
            value={title}
            placeholder={t('schedule.dialog.ownTitle')}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <ErrorMessage error={error} />
        <div className="row spread">
          {slot ? (
            <button
              type="button"
              className="btn"
              onClick={() => onRemove(slot)}
              data-testid="schedule-remove"
            >
              {t('schedule.dialog.remove')}
            </button>
          ) : (
            <span />
          )}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="schedule-save">
            {t('schedule.dialog.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
