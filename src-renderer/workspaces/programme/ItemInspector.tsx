import { useTranslation } from 'react-i18next';
import type {
  FadeCurve,
  ProgrammeItemPatch,
  ProgrammeItemView,
  ProgrammeState,
  ProgrammeTrack,
  UiLanguage,
} from '../../../src-main/contract';
import { languageName, useLanguageChoices } from '../../i18n/languages';
import { formatTimecode } from '../editor/samples';
import { CommitTextField, NumberField, TimeField } from './fields';
import { LanguageChip } from './labels';
import { FADE_CURVES, MAX_SAMPLES, previousOnTrack, reorderTarget } from './model';

export interface ItemActions {
  change(patch: ProgrammeItemPatch, ripple?: boolean): void;
  remove(): void;
  chooseAudio(): void;
  reorder(direction: -1 | 1): void;
  audition(): void;
}

/** Everything about the selected item that the model lets the workspace set. */
export function ItemInspector({
  state,
  item,
  lang,
  disabled,
  ripple,
  playing,
  actions,
}: {
  state: ProgrammeState;
  item: ProgrammeItemView;
  lang: UiLanguage;
  disabled: boolean;
  ripple: boolean;
  playing: boolean;
  actions: ItemActions;
}) {
  const { t } = useTranslation();
  const languages = useLanguageChoices(item.language ?? '').map((l) => l.code);
  const voice = item.trackKind === 'voice';
  const sameKind = state.tracks.filter((tr) => tr.kind === item.trackKind);
  const prev = previousOnTrack(state, item);
  const originals = state.items.filter(
    (i) =>
      i.trackKind === 'voice' && i.id !== item.id && i.versionOf === null && i.language !== item.language,
  );
  const frames = item.sourceFrames;
  const duck = item.duck;
  const change = actions.change;
  const placeholder = item.source === null;

  return (
    <section className="card panel inspector" aria-labelledby="inspector-title" data-testid="item-inspector">
      <div className="row spread">
        <h2 id="inspector-title">
          {/* The track first, then the item's language: "Lời · Tày", "Lời · Không lời". */}
          {t(`programme.kind.${item.trackKind}`)}
          {voice && item.language && (
            <>
              {' · '}
              <LanguageChip code={item.language} ui={lang} />
            </>
          )}
        </h2>
        <span className="muted small">
          {item.sourceTitle ??
            (placeholder ? t('programme.rundown.placeholder') : t('programme.inspector.lost'))}
        </span>
      </div>
      <div className="row wrap inspector-actions">
        <button type="button" className="btn small-btn" disabled={disabled} onClick={actions.chooseAudio}>
          {placeholder ? t('programme.inspector.fill') : t('programme.inspector.replace')}
        </button>
        <button type="button" className="btn small-btn" onClick={actions.audition} title="Space">
          {playing ? `❚❚ ${t('programme.inspector.stop')}` : `▶ ${t('programme.inspector.audition')}`}
        </button>
        {item.trackKind !== 'bed' && (
          <>
            <button
              type="button"
              className="btn small-btn"
              disabled={disabled || !reorderTarget(state, item.id, -1)}
              onClick={() => actions.reorder(-1)}
              title="Alt+↑"
            >
              ↑ {t('programme.inspector.up')}
            </button>
            <button
              type="button"
              className="btn small-btn"
              disabled={disabled || !reorderTarget(state, item.id, 1)}
              onClick={() => actions.reorder(1)}
              title="Alt+↓"
            >
              ↓ {t('programme.inspector.down')}
            </button>
          </>
        )}
        <button
          type="button"
          className="btn small-btn btn-danger"
          disabled={disabled}
          onClick={actions.remove}
          title="Delete"
        >
          {t('programme.inspector.remove')}
        </button>
      </div>

      <div className="segment-form inspector-form">
        <div className="wide">
          <CommitTextField
            label={t('programme.inspector.title')}
            value={item.title}
            disabled={disabled}
            onCommit={(title) => change({ title })}
          />
        </div>
        {sameKind.length > 1 && (
          <label>
            {t('programme.inspector.track')}
            <select
              className="input"
              value={item.trackId}
              disabled={disabled}
              onChange={(e) => change({ trackId: e.target.value })}
            >
              {sameKind.map((tr: ProgrammeTrack) => (
                <option key={tr.id} value={tr.id}>
                  {tr.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {voice && (
          <label>
            {t('programme.inspector.language')}
            <select
              className="input"
              value={item.language ?? ''}
              disabled={disabled}
              data-testid="item-language"
              onChange={(e) => change({ language: e.target.value })}
            >
              {languages.map((code) => (
                <option key={code} value={code}>
                  {languageName(code, lang)}
                </option>
              ))}
            </select>
          </label>
        )}
        {voice && (
          <label className={sameKind.length > 1 ? 'wide' : undefined}>
            {t('programme.inspector.versionOf')}
            <select
              className="input"
              value={item.versionOf ?? ''}
              disabled={disabled || item.versions.length > 0}
              data-testid="item-version-of"
              title={item.versions.length > 0 ? t('programme.inspector.isOriginal') : undefined}
              onChange={(e) => change({ versionOf: e.target.value || null })}
            >
              <option value="">{t('programme.inspector.notAVersion')}</option>
              {originals.map((o) => (
                <option key={o.id} value={o.id}>
                  {`${languageName(o.language ?? '', lang)} · ${o.title}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <TimeField
          label={t('programme.inspector.start')}
          value={item.start}
          max={MAX_SAMPLES}
          disabled={disabled}
          testId="item-start"
          onCommit={(start) => change({ start })}
        />
        {placeholder ? (
          <TimeField
            label={t('programme.inspector.plannedLength')}
            value={item.sourceEnd}
            min={1}
            max={MAX_SAMPLES}
            disabled={disabled}
            onCommit={(sourceEnd) => change({ sourceEnd }, ripple)}
          />
        ) : (
          <div className="inspector-pair wide">
            <TimeField
              label={t('programme.inspector.trimIn')}
              value={item.sourceStart}
              max={item.sourceEnd - 1}
              disabled={disabled}
              onCommit={(sourceStart) =>
                change({ sourceStart, start: item.start + (sourceStart - item.sourceStart) })
              }
            />
            <TimeField
              label={t('programme.inspector.trimOut')}
              value={item.sourceEnd}
              min={item.sourceStart + 1}
              max={frames ?? undefined}
              disabled={disabled}
              onCommit={(sourceEnd) => change({ sourceEnd }, ripple)}
            />
            <span className="muted small inspector-note">
              {t('programme.inspector.lengthOf', {
                length: formatTimecode(item.length),
                source: frames !== null ? formatTimecode(frames) : '—',
              })}
            </span>
          </div>
        )}
        <NumberField
          label={t('programme.inspector.gain')}
          value={item.gainDb}
          min={-60}
          max={24}
          suffix="dB"
          disabled={disabled}
          onCommit={(gainDb) => change({ gainDb })}
        />
        <label>
          {t('programme.inspector.curve')}
          <select
            className="input"
            value={item.fadeCurve}
            disabled={disabled}
            onChange={(e) => change({ fadeCurve: e.target.value as FadeCurve })}
          >
            {FADE_CURVES.map((c) => (
              <option key={c} value={c}>
                {t(`programme.curve.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <TimeField
          label={t('programme.inspector.fadeIn')}
          value={item.fadeIn}
          max={item.length - item.fadeOut}
          disabled={disabled}
          onCommit={(fadeIn) => change({ fadeIn })}
        />
        <TimeField
          label={t('programme.inspector.fadeOut')}
          value={item.fadeOut}
          max={item.length - item.fadeIn}
          disabled={disabled}
          onCommit={(fadeOut) => change({ fadeOut })}
        />
        <TimeField
          label={t('programme.inspector.crossfade')}
          value={item.crossfade}
          max={item.length - 1}
          disabled={disabled}
          testId="item-crossfade"
          onCommit={(crossfade) =>
            change(
              prev && item.start <= prev.end ? { crossfade, start: prev.end - crossfade } : { crossfade },
            )
          }
        />
        <div className="inspector-butt">
          <button
            type="button"
            className="btn small-btn"
            disabled={disabled || !prev}
            title={prev ? t('programme.inspector.buttHint', { title: prev.title }) : undefined}
            onClick={() => prev && change({ start: Math.max(0, prev.end - item.crossfade) })}
          >
            {item.crossfade > 0
              ? t('programme.inspector.crossfadeToPrev')
              : t('programme.inspector.buttToPrev')}
          </button>
        </div>
      </div>

      {voice && (
        <fieldset className="inspector-duck">
          <legend>{t('programme.ducking.perItem')}</legend>
          <label className="toggle">
            <input
              type="checkbox"
              checked={duck !== null}
              disabled={disabled}
              onChange={(e) => change({ duck: e.target.checked ? { ...state.ducking } : null })}
            />
            {t('programme.ducking.own')}
          </label>
          {duck !== null ? (
            <div className="segment-form three">
              <NumberField
                label={t('programme.ducking.depth')}
                value={duck.depthDb ?? state.ducking.depthDb}
                min={0}
                max={40}
                suffix="dB"
                disabled={disabled}
                onCommit={(depthDb) => change({ duck: { ...duck, depthDb } })}
              />
              <NumberField
                label={t('programme.ducking.attack')}
                value={duck.attackMs ?? state.ducking.attackMs}
                min={0}
                max={5000}
                suffix="ms"
                disabled={disabled}
                onCommit={(attackMs) => change({ duck: { ...duck, attackMs } })}
              />
              <NumberField
                label={t('programme.ducking.release')}
                value={duck.releaseMs ?? state.ducking.releaseMs}
                min={0}
                max={10000}
                suffix="ms"
                disabled={disabled}
                onCommit={(releaseMs) => change({ duck: { ...duck, releaseMs } })}
              />
            </div>
          ) : (
            <p className="muted small">
              {t('programme.ducking.usesProgramme', {
                depth: state.ducking.depthDb,
                attack: state.ducking.attackMs,
                release: state.ducking.releaseMs,
              })}
            </p>
          )}
        </fieldset>
      )}
    </section>
  );
}

/** A track's name, gain and mute; an empty extra voice track can go. */
export function TrackInspector({
  state,
  track,
  disabled,
  onChange,
  onRemove,
  onAddVoiceTrack,
}: {
  state: ProgrammeState;
  track: ProgrammeTrack;
  disabled: boolean;
  onChange(patch: { name?: string; gainDb?: number; muted?: boolean }): void;
  onRemove(): void;
  onAddVoiceTrack(): void;
}) {
  const { t } = useTranslation();
  const voices = state.tracks.filter((tr) => tr.kind === 'voice');
  const empty = !state.items.some((i) => i.trackId === track.id);
  return (
    <section className="card panel inspector" data-testid="track-inspector">
      <h2>{t('programme.track.title', { kind: t(`programme.kind.${track.kind}`) })}</h2>
      <div className="segment-form">
        <CommitTextField
          label={t('programme.track.name')}
          value={track.name}
          required
          disabled={disabled}
          onCommit={(name) => onChange({ name })}
        />
        <NumberField
          label={t('programme.track.gain')}
          value={track.gainDb}
          min={-60}
          max={24}
          suffix="dB"
          disabled={disabled}
          onCommit={(gainDb) => onChange({ gainDb })}
        />
        <label className="toggle wide">
          <input
            type="checkbox"
            checked={track.muted}
            disabled={disabled}
            onChange={(e) => onChange({ muted: e.target.checked })}
          />
          {t('programme.track.muted')}
        </label>
      </div>
      <p className="muted small">{t(`programme.track.about.${track.kind}`)}</p>
      <div className="row wrap">
        {track.kind === 'voice' && (
          <button
            type="button"
            className="btn small-btn"
            disabled={disabled || voices.length >= 8}
            onClick={onAddVoiceTrack}
          >
            {t('programme.track.addVoice')}
          </button>
        )}
        {track.kind === 'voice' && (
          <button
            type="button"
            className="btn small-btn btn-danger"
            disabled={disabled || !empty || voices.length <= 1}
            title={!empty ? t('programme.track.notEmpty') : undefined}
            onClick={onRemove}
          >
            {t('programme.track.remove')}
          </button>
        )}
      </div>
    </section>
  );
}
