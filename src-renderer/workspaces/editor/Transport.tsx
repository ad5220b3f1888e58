import { type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimecode, parseTimecode, type SampleRange, SAMPLE_RATE } from './samples';
import type { WaveController, WaveView } from './wave-controller';

interface Props {
  controller: RefObject<WaveController | null>;
  /** Samples of the edit as it is now. */
  length: number;
  selection: SampleRange | null;
  playing: boolean;
  loop: boolean;
  disabled: boolean;
  onPlayPause(): void;
  onPlaySelection(): void;
  onLoop(on: boolean): void;
  onSeek(seconds: number): void;
  onClearSelection(): void;
  onZoom(pxPerSec: number): void;
  onZoomBy(factor: number): void;
  onHelp(): void;
}

/** Slider positions for the zoom: logarithmic between "whole edit" and the deepest zoom. */
const STEPS = 1000;

export function Transport(p: Props) {
  const { t, i18n } = useTranslation();
  const v = useView(p.controller);
  const fit = v?.fitPxPerSec ?? 1;
  const max = Math.max(fit * 1.0001, v?.maxPxPerSec ?? 1);
  const toSlider = (pps: number) =>
    Math.round((Math.log(Math.max(pps, fit) / fit) / Math.log(max / fit)) * STEPS);
  const fromSlider = (x: number) => fit * Math.exp((x / STEPS) * Math.log(max / fit));
  const sel = p.selection;

  return (
    <div className="transport" role="toolbar" aria-label={t('editor.transport.label')}>
      <button
        type="button"
        className="btn btn-primary play-btn"
        disabled={p.disabled}
        onClick={p.onPlayPause}
        title="Space"
      >
        {p.playing ? `❚❚ ${t('editor.transport.pause')}` : `▶ ${t('editor.transport.play')}`}
      </button>
      <button
        type="button"
        className="btn"
        disabled={p.disabled || !sel}
        onClick={p.onPlaySelection}
        title="Shift+Space"
      >
        ▶ {t('editor.transport.playSelection')}
      </button>
      <label className="toggle" title="L">
        <input type="checkbox" checked={p.loop} onChange={(e) => p.onLoop(e.target.checked)} />
        {t('editor.transport.loop')}
      </label>
      <PlayheadField controller={p.controller} length={p.length} onSeek={p.onSeek} />
      <div className="readout">
        <span className="readout-label">{t('editor.transport.duration')}</span>
        <span className="timecode" data-testid="edit-duration">
          {formatTimecode(p.length)}
        </span>
      </div>
      <div className="readout selection-readout" data-testid="selection-readout">
        <span className="readout-label">{t('editor.transport.selection')}</span>
        {sel ? (
          <span className="timecode">
            {formatTimecode(sel.start)} – {formatTimecode(sel.end)}{' '}
            <span className="muted">({formatTimecode(sel.end - sel.start)})</span>
            {v?.own && (
              // At sample zoom a millisecond is dozens of samples: the range to the sample.
              <span className="muted small sample-range" data-testid="selection-samples">
                {' '}
                {t('editor.transport.samples', {
                  start: formatCount(sel.start, i18n.language),
                  end: formatCount(sel.end, i18n.language),
                  count: formatCount(sel.end - sel.start, i18n.language),
                })}
              </span>
            )}
            <button
              type="button"
              className="icon-btn"
              onClick={p.onClearSelection}
              aria-label={t('editor.transport.clearSelection')}
              title={`${t('editor.transport.clearSelection')} (Esc)`}
            >
              ✕
            </button>
          </span>
        ) : (
          <span className="muted small">{t('editor.transport.noSelection')}</span>
        )}
      </div>
      <div
        className="zoom"
        role="group"
        aria-label={t('editor.transport.zoom')}
        data-testid="zoom"
        data-px-per-sec={v ? Math.round(v.pxPerSec) : 0}
        data-peaks-bps={v ? v.peaksBps : 0}
      >
        <button
          type="button"
          className="btn icon"
          disabled={p.disabled}
          onClick={() => p.onZoomBy(1 / 1.6)}
          aria-label={t('editor.transport.zoomOut')}
          title={`${t('editor.transport.zoomOut')} (−)`}
        >
          −
        </button>
        <input
          type="range"
          min={0}
          max={STEPS}
          disabled={p.disabled || !v}
          value={v ? toSlider(v.pxPerSec) : 0}
          aria-label={t('editor.transport.zoom')}
          onChange={(e) => p.onZoom(fromSlider(Number(e.target.value)))}
        />
        <button
          type="button"
          className="btn icon"
          disabled={p.disabled}
          onClick={() => p.onZoomBy(1.6)}
          aria-label={t('editor.transport.zoomIn')}
          title={`${t('editor.transport.zoomIn')} (+)`}
        >
          +
        </button>
        <button type="button" className="btn" disabled={p.disabled} onClick={() => p.onZoom(0)}>
          {t('editor.transport.fit')}
        </button>
      </div>
      <button
        type="button"
        className={v?.envelope ? 'btn envelope-btn active' : 'btn envelope-btn'}
        aria-pressed={!!v?.envelope}
        disabled={p.disabled}
        onClick={() => p.controller.current?.toggleEnvelope()}
        title={`${t('editor.transport.envelopeHint')} (G)`}
        data-testid="envelope-toggle"
      >
        ⟋ {t('editor.transport.envelope')}
      </button>
      {v?.envelope && (
        <span className="muted small envelope-hint" role="status">
          {t('editor.transport.envelopeHint')}
        </span>
      )}
      <button type="button" className="btn" onClick={p.onHelp} title="? / F1">
        ⌨ {t('editor.help.button')}
      </button>
    </div>
  );
}

/** A sample count with the language's digit grouping (57.600.000 in Vietnamese). */
function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language.startsWith('vi') ? 'vi-VN' : 'en-GB').format(n);
}

/** The controller, once it exists (it is made after the first render). */
function useController(
  controller: RefObject<WaveController | null>,
  attach: (c: WaveController) => () => void,
): void {
  useEffect(() => {
    let off: (() => void) | undefined;
    let frame = 0;
    const tryAttach = () => {
      const c = controller.current;
      if (c) off = attach(c);
      else frame = requestAnimationFrame(tryAttach);
    };
    tryAttach();
    return () => {
      cancelAnimationFrame(frame);
      off?.();
    };
    // `attach` is made afresh each render; the subscription only depends on the controller.
  }, [controller]);
}

function useView(controller: RefObject<WaveController | null>): WaveView | null {
  const [view, setView] = useState<WaveView | null>(null);
  useController(controller, (c) => c.onViewChange(setView));
  return view;
}

/** The playhead's time, live while playing; type a time and press Enter to go there. */
function PlayheadField({
  controller,
  length,
  onSeek,
}: {
  controller: RefObject<WaveController | null>;
  length: number;
  onSeek(seconds: number): void;
}) {
  const { t } = useTranslation();
  const [time, setTime] = useState(0);
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);

  useController(controller, (c) => {
    setTime(c.getTime());
    return c.onTimeChange(setTime);
  });

  const commit = (): boolean => {
    if (draft === null) return true;
    const s = parseTimecode(draft);
    if (s === null || s * SAMPLE_RATE > length) {
      setInvalid(true);
      return false;
    }
    onSeek(s);
    setDraft(null);
    setInvalid(false);
    return true;
  };

  return (
    <label className="readout">
      <span className="readout-label">{t('editor.transport.playhead')}</span>
      <input
        className={invalid ? 'timecode-input invalid' : 'timecode-input'}
        data-testid="playhead"
        value={draft ?? formatTimecode(Math.round(time * SAMPLE_RATE))}
        title={t('editor.transport.goTo')}
        aria-invalid={invalid}
        onFocus={(e) => {
          setDraft(e.target.value);
          e.target.select();
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          setInvalid(false);
        }}
        onBlur={() => {
          setDraft(null);
          setInvalid(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            if (commit()) (e.target as HTMLInputElement).blur();
          } else if (e.key === 'Escape') {
            setDraft(null);
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
    </label>
  );
}
