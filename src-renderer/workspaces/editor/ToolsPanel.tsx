import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditClipboardInfo, FadeCurve, LoudnessTarget } from '../../../src-main/contract';
import { TextField } from '../../ui/TextField';
import { FADE_CURVE_LIST, signedNumber } from './labels';
import { formatTimecode } from './samples';

export interface EditActions {
  cut(): void;
  copy(): void;
  paste(): void;
  remove(): void;
  trim(): void;
  split(): void;
  silence(): void;
  marker(): void;
  insert(): void;
  gain(db: number): void;
  fade(direction: 'in' | 'out', curve: FadeCurve): void;
  normalize(targetLufs: number | null, onlySelection: boolean): void;
  shorten(thresholdDb: number, minSilenceMs: number, keepMs: number): void;
  declick(): void;
}

interface Props {
  actions: EditActions;
  hasSelection: boolean;
  disabled: boolean;
  clipboard: EditClipboardInfo | null;
  loudness: LoudnessTarget | null;
  normalizeGainDb: number | null;
  lang: 'vi' | 'en';
}

/** The QCVN 115 target, and the louder preset for outdoor loudspeakers (DOMAIN.md). */
const TARGETS = { broadcast: -23, outdoor: -16 } as const;

export function ToolsPanel({
  actions: a,
  hasSelection,
  disabled,
  clipboard,
  loudness,
  normalizeGainDb,
  lang,
}: Props) {
  const { t } = useTranslation();
  const [gainDb, setGainDb] = useState('3');
  const [curve, setCurve] = useState<FadeCurve>('lin');
  const [target, setTarget] = useState<keyof typeof TARGETS | 'off'>('broadcast');
  const [onlySelection, setOnlySelection] = useState(false);
  const [threshold, setThreshold] = useState('-40');
  const [minSilence, setMinSilence] = useState('1');
  const [keep, setKeep] = useState('0.3');

  const needSel = t('editor.tools.needSelection');
  const sel = (title: string) => ({
    disabled: disabled || !hasSelection,
    title: hasSelection ? title : `${title}: ${needSel}`,
  });
  const gain = Number(gainDb.replace(',', '.'));
  const gainOk = gainDb.trim() !== '' && Number.isFinite(gain) && gain >= -60 && gain <= 24 && gain !== 0;
  const num = (s: string) => Number(s.replace(',', '.'));
  const th = num(threshold);
  const min = num(minSilence);
  const kp = num(keep);
  const shortenOk =
    Number.isFinite(th) &&
    th >= -90 &&
    th <= -10 &&
    min >= 0.1 &&
    min <= 600 &&
    kp >= 0 &&
    kp <= 10 &&
    kp < min;

  return (
    <div className="tools" data-testid="editor-tools">
      <fieldset className="tool-group">
        <legend>{t('editor.tools.edit')}</legend>
        <button type="button" className="btn" {...sel('Ctrl+X')} onClick={a.cut}>
          ✂ {t('editor.tools.cut')}
        </button>
        <button type="button" className="btn" {...sel('Ctrl+C')} onClick={a.copy}>
          {t('editor.tools.copy')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled || !clipboard || clipboard.empty}
          title={`Ctrl+V: ${clipboardText(clipboard, t)}`}
          onClick={a.paste}
        >
          {t('editor.tools.paste')}
        </button>
        <button type="button" className="btn" {...sel('Delete')} onClick={a.remove}>
          {t('editor.tools.delete')}
        </button>
        <button type="button" className="btn" {...sel(t('editor.tools.trimHint'))} onClick={a.trim}>
          {t('editor.tools.trim')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={a.split}
          title={t('editor.tools.splitHint')}
        >
          {t('editor.tools.split')}
        </button>
        <button type="button" className="btn" {...sel(t('editor.tools.silenceHint'))} onClick={a.silence}>
          {t('editor.tools.silence')}
        </button>
        <button type="button" className="btn" disabled={disabled} onClick={a.marker} title="M">
          ◆ {t('editor.tools.marker')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={a.insert}
          title={t('editor.tools.insertHint')}
        >
          {t('editor.tools.insert')}
        </button>
        <span className="muted small clip-info" data-testid="clipboard-info">
          {clipboardText(clipboard, t)}
        </span>
      </fieldset>

      <fieldset className="tool-group">
        <legend>{t('editor.tools.level')}</legend>
        <NumberField label={t('editor.tools.gainDb')} value={gainDb} invalid={!gainOk} onChange={setGainDb} />
        <button
          type="button"
          className="btn"
          {...sel(t('editor.tools.gain'))}
          disabled={disabled || !hasSelection || !gainOk}
          onClick={() => a.gain(gain)}
        >
          {t('editor.tools.gain')}
        </button>
        <span className="tool-sep" />
        <label className="tool-field">
          {t('editor.tools.curve')}
          <select className="input" value={curve} onChange={(e) => setCurve(e.target.value as FadeCurve)}>
            {FADE_CURVE_LIST.map((c) => (
              <option key={c} value={c}>
                {t(`editor.tools.curves.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          {...sel(t('editor.tools.fadeIn'))}
          onClick={() => a.fade('in', curve)}
        >
          ◢ {t('editor.tools.fadeIn')}
        </button>
        <button
          type="button"
          className="btn"
          {...sel(t('editor.tools.fadeOut'))}
          onClick={() => a.fade('out', curve)}
        >
          ◣ {t('editor.tools.fadeOut')}
        </button>
        <span className="tool-sep" />
        <label className="tool-field">
          {t('editor.tools.target')}
          <select
            className="input"
            value={target}
            onChange={(e) => setTarget(e.target.value as keyof typeof TARGETS | 'off')}
          >
            <option value="broadcast">{t('editor.tools.targets.broadcast')}</option>
            <option value="outdoor">{t('editor.tools.targets.outdoor')}</option>
            <option value="off">{t('editor.tools.targets.off')}</option>
          </select>
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={onlySelection && hasSelection}
            disabled={!hasSelection || target === 'off'}
            onChange={(e) => setOnlySelection(e.target.checked)}
          />
          {t('editor.tools.onlySelection')}
        </label>
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() =>
            a.normalize(target === 'off' ? null : TARGETS[target], onlySelection && hasSelection)
          }
        >
          {t('editor.tools.normalize')}
        </button>
        <span className="muted small" data-testid="loudness-info">
          {loudness
            ? t('editor.tools.normalized', {
                lufs: signedNumber(loudness.targetLufs, 0, lang),
                gain:
                  normalizeGainDb === null
                    ? ''
                    : t('editor.tools.normalizeGain', { gain: signedNumber(normalizeGainDb, 1, lang, true) }),
              })
            : t('editor.tools.notNormalized')}
        </span>
      </fieldset>

      <fieldset className="tool-group">
        <legend>{t('editor.tools.clean')}</legend>
        <NumberField label={t('editor.tools.threshold')} value={threshold} onChange={setThreshold} />
        <NumberField label={t('editor.tools.minSilence')} value={minSilence} onChange={setMinSilence} />
        <NumberField label={t('editor.tools.keep')} value={keep} onChange={setKeep} />
        <button
          type="button"
          className="btn"
          disabled={disabled || !shortenOk}
          title={t('editor.tools.wholeOrSelection')}
          onClick={() => a.shorten(th, Math.round(min * 1000), Math.round(kp * 1000))}
        >
          {t('editor.tools.shorten')}
        </button>
        <span className="tool-sep" />
        <button
          type="button"
          className="btn"
          disabled={disabled}
          title={t('editor.tools.wholeOrSelection')}
          onClick={a.declick}
        >
          {t('editor.tools.declick')}
        </button>
      </fieldset>
    </div>
  );
}

/** A labelled number the user types (a decimal comma or point; the caller parses it). */
function NumberField({
  invalid,
  ...field
}: {
  label: string;
  value: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <TextField
      {...field}
      labelClassName="tool-field"
      className="num-input"
      inputMode="decimal"
      aria-invalid={invalid}
    />
  );
}

function clipboardText(c: EditClipboardInfo | null, t: TFunction): string {
  if (!c || c.empty) return t('editor.tools.clipboardEmpty');
  if (!c.ok) return t('editor.tools.clipboardTooLong', { length: formatTimecode(c.lengthSamples) });
  return t('editor.tools.clipboard', { length: formatTimecode(c.lengthSamples) });
}
