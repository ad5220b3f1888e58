import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Station, StationReachInput, StationStreams } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Modal } from '../../ui/Modal';

/** The reach as the form picks it: push is split by protocol, as staff think of it. */
type ReachChoice = 'pull' | 'icecast' | 'rtp' | 'srt';
const REACH_CHOICES: readonly ReachChoice[] = ['pull', 'icecast', 'rtp', 'srt'];

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const MOUNT = /^\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$|^[0-9A-Fa-f:]{2,39}$/;

function choiceOf(station?: Station): ReachChoice {
  const r = station?.reach;
  if (!r) return 'pull';
  return r.kind === 'push' ? r.protocol : r.kind;
}

/**
 * Adds a station (its code, then never changed: it is in the receiver's URL) or changes one: name,
 * administrative unit (after a merger), group, and how it is reached with that way's fields. An SRT
 * passphrase is never shown: left empty on a change, the stored one is kept.
 */
export function StationDialog({
  station,
  groups,
  onClose,
  onAdded,
  onSaved,
}: {
  /** Absent: a new station. */
  station?: Station;
  /** Groups already in use, offered as the group is typed. */
  groups: readonly string[];
  onClose(): void;
  onAdded(made: StationStreams): void;
  onSaved(station: Station): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const r = station?.reach;
  const [code, setCode] = useState(station?.code ?? '');
  const [name, setName] = useState(station?.name ?? '');
  const [unitCode, setUnitCode] = useState(station?.unitCode ?? '');
  const [unitName, setUnitName] = useState(station?.unitName ?? '');
  const [group, setGroup] = useState(station?.group ?? '');
  const [reach, setReach] = useState<ReachChoice>(choiceOf(station));
  const [mount, setMount] = useState(r?.kind === 'icecast' ? r.mount : '');
  const [host, setHost] = useState(r?.kind === 'push' ? r.host : '');
  const [port, setPort] = useState(r?.kind === 'push' ? String(r.port) : '');
  const [passphrase, setPassphrase] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const passphraseStored = r?.kind === 'push' && r.protocol === 'srt' && r.passphraseSet;

  // What is wrong, field by field, before anything is sent (main checks it all again).
  const problems: Partial<Record<'code' | 'name' | 'mount' | 'host' | 'port' | 'passphrase', string>> = {};
  if (!station && !CODE.test(code.trim())) problems.code = t('stations.form.codeProblem');
  if (!name.trim()) problems.name = t('stations.form.nameProblem');
  if (reach === 'icecast' && !MOUNT.test(mount.trim())) problems.mount = t('stations.form.mountProblem');
  if (reach === 'rtp' || reach === 'srt') {
    if (!HOST.test(host.trim())) problems.host = t('stations.form.hostProblem');
    const p = Number(port);
    if (!/^\d+$/.test(port.trim()) || p < 1 || p > 65_535) problems.port = t('stations.form.portProblem');
  }
  if (reach === 'srt' && (passphrase ? passphrase.length < 10 || passphrase.length > 79 : !passphraseStored))
    problems.passphrase = t('stations.form.passphraseProblem');
  const firstProblem = Object.values(problems)[0];

  const reachInput = (): StationReachInput => {
    if (reach === 'pull') return { kind: 'pull' };
    if (reach === 'icecast') return { kind: 'icecast', mount: mount.trim() };
    const target = { host: host.trim(), port: Number(port) };
    if (reach === 'rtp') return { kind: 'push', protocol: 'rtp', ...target };
    return { kind: 'push', protocol: 'srt', ...target, ...(passphrase ? { passphrase } : {}) };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || firstProblem) return;
    setBusy(true);
    setError(null);
    const fields = {
      name: name.trim(),
      unitCode: unitCode.trim() || null,
      unitName: unitName.trim() || null,
      group: group.trim() || null,
      reach: reachInput(),
    };
    try {
      if (station) onSaved(await client.api.stations.update({ code: station.code, ...fields }));
      else onAdded(await client.api.stations.add({ code: code.trim(), ...fields }));
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };

  const hint = (field: keyof typeof problems) =>
    tried && problems[field] ? (
      <span className="bad-text small" data-testid={`station-problem-${field}`}>
        {problems[field]}
      </span>
    ) : null;

  return (
    <Modal
      title={station ? t('stations.form.editTitle', { name: station.name }) : t('stations.form.addTitle')}
      onClose={onClose}
      testId="station-dialog"
      wide
    >
      <form className="station-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="station-form-grid">
          {station ? (
            <p className="muted">
              {t('stations.form.code')}: <code>{station.code}</code>
            </p>
          ) : (
            <label className="auth-field">
              {t('stations.form.code')}
              <input
                className="input"
                value={code}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                data-testid="station-code"
                onChange={(e) => setCode(e.target.value)}
              />
              <span className="muted small">{t('stations.form.codeHint')}</span>
              {hint('code')}
            </label>
          )}
          <label className="auth-field">
            {t('stations.form.name')}
            <input
              className="input"
              value={name}
              autoComplete="off"
              data-testid="station-name"
              onChange={(e) => setName(e.target.value)}
            />
            {hint('name')}
          </label>
          <label className="auth-field">
            {t('stations.form.unitName')}
            <input
              className="input"
              value={unitName}
              autoComplete="off"
              data-testid="station-unit-name"
              onChange={(e) => setUnitName(e.target.value)}
            />
          </label>
          <label className="auth-field">
            {t('stations.form.unitCode')}
            <input
              className="input"
              value={unitCode}
              autoComplete="off"
              spellCheck={false}
              inputMode="numeric"
              data-testid="station-unit-code"
              onChange={(e) => setUnitCode(e.target.value)}
            />
            <span className="muted small">{t('stations.form.unitHint')}</span>
          </label>
          <label className="auth-field">
            {t('stations.form.group')}
            <input
              className="input"
              value={group}
              autoComplete="off"
              list="station-groups"
              data-testid="station-group"
              onChange={(e) => setGroup(e.target.value)}
            />
            <datalist id="station-groups">
              {groups.map((g) => (
                <option key={g} value={g} />
              ))}
            </datalist>
          </label>
        </div>
        <fieldset className="role-choices">
          <legend>{t('stations.form.reach')}</legend>
          {REACH_CHOICES.map((choice) => (
            <label key={choice} className="role-choice">
              <input
                type="radio"
                name="station-reach"
                value={choice}
                checked={reach === choice}
                data-reach={choice}
                onChange={() => setReach(choice)}
              />
              <span>
                <strong>{t(`stations.reach.${choice}`)}</strong>
                <span className="muted small">{t(`stations.reachHint.${choice}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {reach === 'icecast' && (
          <label className="auth-field">
            {t('stations.form.mount')}
            <input
              className="input"
              value={mount}
              placeholder="/xa-a.mp3"
              spellCheck={false}
              data-testid="station-mount"
              onChange={(e) => setMount(e.target.value)}
            />
            {hint('mount')}
          </label>
        )}
        {(reach === 'rtp' || reach === 'srt') && (
          <div className="station-form-grid">
            <label className="auth-field">
              {t('stations.form.host')}
              <input
                className="input"
                value={host}
                placeholder="10.0.0.5"
                spellCheck={false}
                data-testid="station-host"
                onChange={(e) => setHost(e.target.value)}
              />
              {hint('host')}
            </label>
            <label className="auth-field">
              {t('stations.form.port')}
              <input
                className="input"
                value={port}
                inputMode="numeric"
                placeholder={reach === 'srt' ? '9000' : '5004'}
                data-testid="station-port"
                onChange={(e) => setPort(e.target.value)}
              />
              {hint('port')}
            </label>
          </div>
        )}
        {reach === 'srt' && (
          <label className="auth-field">
            {t('stations.form.passphrase')}
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              value={passphrase}
              placeholder={passphraseStored ? t('stations.form.passphraseKept') : ''}
              data-testid="station-passphrase"
              onChange={(e) => setPassphrase(e.target.value)}
            />
            <span className="muted small">{t('stations.form.passphraseHint')}</span>
            {hint('passphrase')}
          </label>
        )}
        <ErrorMessage error={error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="station-save">
            {station ? t('stations.form.save') : t('stations.form.create')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('stations.form.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
