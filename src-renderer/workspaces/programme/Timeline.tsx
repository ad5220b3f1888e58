import {
  type PointerEvent as ReactPointerEvent,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PeaksResult,
  ProgrammeItemPatch,
  ProgrammeItemView,
  ProgrammeState,
  ProgrammeTrack,
  UiLanguage,
} from '../../../src-main/contract';
import { languageName, languageShortName } from '../../i18n/languages';
import { formatDuration } from '../../ui/format';
import { SpeakerIcon } from '../../ui/icons';
import { languageColor } from '../editor/labels';
import { type DraggedSource, readDraggedSource, SOURCE_MIME } from './SourcePanel';
import { duckingCurve, samplesOf, sec, snapEdge, snapPoints, snapStart } from './model';
import { clipPeaksKey } from './useClipPeaks';

const LANE_HEIGHT: Record<ProgrammeTrack['kind'], number> = { voice: 64, bed: 52, jingle: 52 };
const RULER_HEIGHT = 26;
/** How close (in pixels) an edge must come to another item's edge to snap onto it. */
const SNAP_PX = 8;
/** Shortest item a trim leaves (0.1 s). */
const MIN_LENGTH = 4800;
const KIND_COLOR: Record<'bed' | 'jingle', string> = { bed: '#0f766e', jingle: '#a16207' };
const ICON: Record<ProgrammeTrack['kind'], string> = { voice: '🎙', bed: '♫', jingle: '✦' };
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

type DragMode = 'move' | 'trimStart' | 'trimEnd' | 'fadeIn' | 'fadeOut';

interface Drag {
  itemId: string;
  mode: DragMode;
  x0: number;
  item: ProgrammeItemView;
  /** Lanes (track id, top and bottom on screen) an item of this kind may move to. */
  lanes: Array<{ trackId: string; top: number; bottom: number }>;
  moved: boolean;
  /** What the item would become. */
  patch: {
    start: number;
    sourceStart: number;
    sourceEnd: number;
    trackId: string;
    fadeIn: number;
    fadeOut: number;
  };
}

export interface TimelineProps {
  state: ProgrammeState;
  lang: UiLanguage;
  selectedId: string | null;
  selectedTrack: string | null;
  disabled: boolean;
  peaks: ReadonlyMap<string, PeaksResult>;
  /** Where playback is (or would start), in programme samples. */
  playhead: number;
  playing: boolean;
  onSeek(samples: number): void;
  onSelect(itemId: string | null): void;
  onSelectTrack(trackId: string): void;
  onAdd(trackId: string): void;
  onChange(itemId: string, patch: ProgrammeItemPatch): void;
  onToggleMute(track: ProgrammeTrack): void;
  /** A source from the side panel dropped on a track, at `start` samples. */
  onDropSource?(trackId: string, start: number, dragged: DraggedSource): void;
}

/**
 * The multitrack timeline: voice tracks, the music bed (with the ducking main will apply drawn
 * over it) and the jingle track. Drag an item to move it (onto another track of its kind too),
 * drag its edges to trim; edges snap to other items, to 0 and to the target length (hold Alt to
 * place freely). Each gesture becomes one `update` when the mouse is let go.
 */
export function Timeline(props: TimelineProps) {
  const { t } = useTranslation();
  const { state, lang, selectedId, disabled } = props;
  const scroll = useRef<HTMLDivElement>(null);
  const laneRefs = useRef(new Map<string, HTMLDivElement>());
  const [viewWidth, setViewWidth] = useState(800);
  const [pxPerSec, setPxPerSec] = useState<number | null>(null);
  const [snap, setSnap] = useState(true);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [dropTrack, setDropTrack] = useState<string | null>(null);

  const length = state.analysis.lengthSamples;
  const target = state.metadata.targetSamples;
  const spanSec = Math.max(30, sec(Math.max(length, target ?? 0)) * 1.06 + 2);
  const fitZoom = Math.max(0.05, (viewWidth - 4) / spanSec);
  const zoom = pxPerSec ?? fitZoom;
  const contentWidth = Math.max(viewWidth - 4, Math.ceil(spanSec * zoom));
  const px = (samples: number) => sec(samples) * zoom;

  useLayoutEffect(() => {
    const el = scroll.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewWidth(el.clientWidth));
    ro.observe(el);
    setViewWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  // The selected item scrolls into view when it is chosen in the rundown.
  useEffect(() => {
    if (!selectedId || !scroll.current || drag) return;
    const el = scroll.current.querySelector<HTMLElement>(`[data-item-id="${selectedId}"]`);
    if (!el) return;
    const view = scroll.current;
    const left = el.offsetLeft;
    const right = left + el.offsetWidth;
    if (left < view.scrollLeft || left > view.scrollLeft + view.clientWidth - 40) {
      view.scrollLeft = Math.max(0, left - 40);
    } else if (right > view.scrollLeft + view.clientWidth && el.offsetWidth < view.clientWidth) {
      view.scrollLeft = right - view.clientWidth + 40;
    }
    // Only when the selection changes, not while the view scrolls or zooms.
  }, [selectedId]);

  // While playing, the view follows the playhead.
  useEffect(() => {
    const view = scroll.current;
    if (!view || !props.playing) return;
    const x = px(props.playhead);
    if (x < view.scrollLeft || x > view.scrollLeft + view.clientWidth - 30)
      view.scrollLeft = Math.max(0, x - 40);
  });

  const zoomBy = (factor: number) => {
    const view = scroll.current;
    const centre = view ? (view.scrollLeft + view.clientWidth / 2) / zoom : 0;
    const next = Math.min(400, Math.max(fitZoom, zoom * factor));
    setPxPerSec(next);
    requestAnimationFrame(() => {
      if (view) view.scrollLeft = centre * next - view.clientWidth / 2;
    });
  };

  const problemItems = useMemo(
    () => new Set(state.analysis.problems.flatMap((p) => (p.itemId ? [p.itemId] : []))),
    [state.analysis.problems],
  );

  // ---- Dragging -------------------------------------------------------------------------------
  const begin = (e: ReactPointerEvent, item: ProgrammeItemView, mode: DragMode) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    props.onSelect(item.id);
    if (disabled) return;
    const lanes = state.tracks
      .filter((tr) => tr.kind === item.trackKind)
      .flatMap((tr) => {
        const r = laneRefs.current.get(tr.id)?.getBoundingClientRect();
        return r ? [{ trackId: tr.id, top: r.top, bottom: r.bottom }] : [];
      });
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    setDrag({
      itemId: item.id,
      mode,
      x0: e.clientX,
      item,
      lanes,
      moved: false,
      patch: {
        start: item.start,
        sourceStart: item.sourceStart,
        sourceEnd: item.sourceEnd,
        trackId: item.trackId,
        fadeIn: item.fadeIn,
        fadeOut: item.fadeOut,
      },
    });
  };

  const move = (e: ReactPointerEvent) => {
    if (!drag) return;
    const dx = e.clientX - drag.x0;
    if (!drag.moved && Math.abs(dx) < 3 && drag.mode !== 'move') return;
    const d = samplesOf(dx / zoom);
    const it = drag.item;
    const points = snap && !e.altKey ? snapPoints(state, it.id) : [];
    const threshold = samplesOf(SNAP_PX / zoom);
    let { start, sourceStart, sourceEnd, trackId, fadeIn, fadeOut } = drag.patch;
    const minLength = Math.max(MIN_LENGTH, it.fadeIn + it.fadeOut + 1, it.crossfade + 1);
    if (drag.mode === 'move') {
      start = snapStart(Math.max(0, it.start + d), it.length, points, threshold);
      const lane = drag.lanes.find((l) => e.clientY >= l.top && e.clientY < l.bottom);
      if (lane) trackId = lane.trackId;
    } else if (drag.mode === 'fadeIn') {
      fadeIn = Math.min(Math.max(0, it.fadeIn + d), it.length - it.fadeOut);
    } else if (drag.mode === 'fadeOut') {
      fadeOut = Math.min(Math.max(0, it.fadeOut - d), it.length - it.fadeIn);
    } else if (drag.mode === 'trimStart') {
      let edge = snapEdge(it.start + d, points, threshold);
      const earliest = it.source ? it.start - it.sourceStart : 0;
      edge = Math.min(Math.max(edge, earliest, 0), it.end - minLength);
      start = edge;
      if (it.source) {
        sourceStart = it.sourceStart + (edge - it.start);
      } else {
        sourceEnd = it.end - edge;
      }
    } else {
      let edge = snapEdge(it.end + d, points, threshold);
      const latest =
        it.sourceFrames !== null && it.source ? it.start + (it.sourceFrames - it.sourceStart) : Infinity;
      edge = Math.max(Math.min(edge, latest), it.start + minLength);
      sourceEnd = it.sourceStart + (edge - it.start);
    }
    const moved = drag.moved || Math.abs(dx) >= 3 || trackId !== it.trackId;
    setDrag({ ...drag, moved, patch: { start, sourceStart, sourceEnd, trackId, fadeIn, fadeOut } });
  };

  const end = () => {
    if (!drag) return;
    const it = drag.item;
    const p = drag.patch;
    setDrag(null);
    if (!drag.moved) return;
    const patch: ProgrammeItemPatch = {};
    if (p.start !== it.start) patch.start = p.start;
    if (p.trackId !== it.trackId) patch.trackId = p.trackId;
    if (p.sourceStart !== it.sourceStart) patch.sourceStart = p.sourceStart;
    if (p.sourceEnd !== it.sourceEnd) patch.sourceEnd = p.sourceEnd;
    if (p.fadeIn !== it.fadeIn) patch.fadeIn = p.fadeIn;
    if (p.fadeOut !== it.fadeOut) patch.fadeOut = p.fadeOut;
    if (Object.keys(patch).length > 0) props.onChange(it.id, patch);
  };

  const shown = (item: ProgrammeItemView): ProgrammeItemView => {
    if (!drag || drag.itemId !== item.id || !drag.moved) return item;
    const { start, sourceStart, sourceEnd, trackId, fadeIn, fadeOut } = drag.patch;
    const len = sourceEnd - sourceStart;
    return {
      ...item,
      start,
      sourceStart,
      sourceEnd,
      trackId,
      fadeIn,
      fadeOut,
      length: len,
      end: start + len,
    };
  };

  // ---- Ruler ------------------------------------------------------------------------------------
  const step = TICK_STEPS.find((s) => s * zoom >= 70) ?? 3600;
  const ticks: number[] = [];
  for (let s = 0; s * zoom <= contentWidth; s += step) ticks.push(s);

  /** The dip drawn over each bed item (where the bed plays), at about one point per 3 px. */
  const curves = useMemo(() => {
    const out = new Map<string, Array<{ at: number; db: number }>>();
    for (const i of state.items) {
      if (i.trackKind !== 'bed') continue;
      const points = Math.min(1500, Math.ceil((sec(i.length) * zoom) / 3));
      out.set(i.id, duckingCurve(state, i.start, i.end, points));
    }
    return out;
  }, [state, zoom]);
  const maxDepth = Math.max(12, ...[...curves.values()].flat().map((c) => -c.db));
  const duckY = (db: number) => 6 + ((LANE_HEIGHT.bed - 8 - 12) * -db) / maxDepth;

  return (
    <div className="tl card" data-testid="timeline">
      <div className="tl-toolbar row wrap">
        <span className="tl-title">{t('programme.timeline.title')}</span>
        <div className="row tl-zoom" role="group" aria-label={t('programme.timeline.zoom')}>
          <button
            type="button"
            className="btn small-btn"
            onClick={() => zoomBy(1 / 1.6)}
            aria-label={t('programme.timeline.zoomOut')}
            title={t('programme.timeline.zoomOut')}
          >
            <span aria-hidden="true">−</span>
          </button>
          <button type="button" className="btn small-btn" onClick={() => setPxPerSec(null)}>
            {t('programme.timeline.fit')}
          </button>
          <button
            type="button"
            className="btn small-btn"
            onClick={() => zoomBy(1.6)}
            aria-label={t('programme.timeline.zoomIn')}
            title={t('programme.timeline.zoomIn')}
          >
            <span aria-hidden="true">+</span>
          </button>
        </div>
        <label className="toggle">
          <input type="checkbox" checked={snap} onChange={(e) => setSnap(e.target.checked)} />
          {t('programme.timeline.snap')}
        </label>
        <span className="muted small tl-hint">{t('programme.timeline.hint')}</span>
      </div>
      <div className="tl-frame">
        <div className="tl-heads">
          <div className="tl-head-spacer" style={{ height: RULER_HEIGHT }} />
          {state.tracks.map((tr) => (
            <div
              key={tr.id}
              className={`tl-head kind-${tr.kind}${props.selectedTrack === tr.id ? ' selected' : ''}${tr.muted ? ' muted-track' : ''}`}
              style={{ height: LANE_HEIGHT[tr.kind] }}
              data-track-head={tr.id}
            >
              <button
                type="button"
                className="tl-head-name"
                onClick={() => props.onSelectTrack(tr.id)}
                title={t('programme.track.settings')}
              >
                <span aria-hidden="true">{ICON[tr.kind]}</span> {tr.name}
              </button>
              <div className="tl-head-actions">
                <button
                  type="button"
                  className={tr.muted ? 'tl-mini on' : 'tl-mini'}
                  aria-pressed={tr.muted}
                  aria-label={t('programme.track.mute', { name: tr.name })}
                  title={t('programme.track.mute', { name: tr.name })}
                  disabled={disabled}
                  onClick={() => props.onToggleMute(tr)}
                >
                  <SpeakerIcon muted={tr.muted} />
                </button>
                <button
                  type="button"
                  className="tl-mini"
                  aria-label={t('programme.track.add', { name: tr.name })}
                  title={t('programme.track.add', { name: tr.name })}
                  disabled={disabled}
                  onClick={() => props.onAdd(tr.id)}
                >
                  <span aria-hidden="true">+</span>
                </button>
              </div>
            </div>
          ))}
        </div>
        <div className="tl-scroll" ref={scroll}>
          <div
            className="tl-content"
            style={{ width: contentWidth }}
            onPointerDown={() => props.onSelect(null)}
          >
            <div
              className="tl-ruler"
              style={{ height: RULER_HEIGHT }}
              title={t('programme.timeline.seek')}
              data-testid="timeline-ruler"
              onPointerDown={(e) => {
                e.stopPropagation();
                const r = e.currentTarget.getBoundingClientRect();
                props.onSeek(samplesOf((e.clientX - r.left) / zoom));
              }}
            >
              {ticks.map((s) => (
                <span key={s} className="tl-tick" style={{ left: s * zoom }}>
                  {formatDuration(s)}
                </span>
              ))}
            </div>
            {state.tracks.map((tr) => (
              <div
                key={tr.id}
                ref={(el) => {
                  if (el) laneRefs.current.set(tr.id, el);
                  else laneRefs.current.delete(tr.id);
                }}
                className={`tl-lane kind-${tr.kind}${tr.muted ? ' muted-track' : ''}${dropTrack === tr.id ? ' drop-target' : ''}`}
                style={{ height: LANE_HEIGHT[tr.kind] }}
                data-track={tr.id}
                data-kind={tr.kind}
                onDragOver={(e) => {
                  if (disabled || !props.onDropSource || !e.dataTransfer.types.includes(SOURCE_MIME)) return;
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'copy';
                  if (dropTrack !== tr.id) setDropTrack(tr.id);
                }}
                onDragLeave={() => setDropTrack((d) => (d === tr.id ? null : d))}
                onDrop={(e) => {
                  setDropTrack(null);
                  const dragged = readDraggedSource(e);
                  if (!dragged || !props.onDropSource) return;
                  e.preventDefault();
                  // As the ruler and moves do: pixels from the content's left edge, over the zoom;
                  // and, as moves do, its start or end onto a nearby item edge, 0 or the target.
                  const r = e.currentTarget.getBoundingClientRect();
                  const at = samplesOf(Math.max(0, e.clientX - r.left) / zoom);
                  const start =
                    snap && !e.altKey
                      ? snapStart(at, dragged.length, snapPoints(state, ''), samplesOf(SNAP_PX / zoom))
                      : at;
                  props.onDropSource(tr.id, start, dragged);
                }}
              >
                {state.items
                  .map(shown)
                  .filter((i) => i.trackId === tr.id)
                  .map((i) => (
                    <Clip
                      key={i.id}
                      item={i}
                      lang={lang}
                      left={px(i.start)}
                      width={Math.max(2, px(i.length))}
                      height={LANE_HEIGHT[tr.kind]}
                      zoom={zoom}
                      selected={i.id === selectedId}
                      dragging={drag?.itemId === i.id && drag.moved}
                      problem={problemItems.has(i.id)}
                      peaks={props.peaks.get(clipPeaksKey(i) ?? '')}
                      onPointerDown={(e, mode) => begin(e, i, mode)}
                      onPointerMove={move}
                      onPointerUp={end}
                    />
                  ))}
                {tr.kind === 'bed' && curves.size > 0 && (
                  <svg
                    className="tl-duck"
                    width={contentWidth}
                    height={LANE_HEIGHT.bed}
                    aria-hidden="true"
                    data-testid="ducking-curve"
                  >
                    {state.items
                      .filter((i) => i.trackId === tr.id && !(drag?.itemId === i.id && drag.moved))
                      .map((i) => (
                        <polyline
                          key={i.id}
                          points={(curves.get(i.id) ?? [])
                            .map((c) => `${px(c.at).toFixed(1)},${(4 + duckY(c.db)).toFixed(1)}`)
                            .join(' ')}
                        />
                      ))}
                  </svg>
                )}
              </div>
            ))}
            {target !== null && (
              <>
                {length > target && (
                  <div
                    className="tl-over"
                    style={{ left: px(target), width: px(length - target) }}
                    title={t('programme.length.over', { amount: formatDuration(sec(length - target)) })}
                  />
                )}
                <div className="tl-target" style={{ left: px(target) }} data-testid="target-line">
                  <span>{t('programme.timeline.target', { length: formatDuration(sec(target)) })}</span>
                </div>
              </>
            )}
            <div
              className={props.playing ? 'tl-playhead playing' : 'tl-playhead'}
              style={{ left: px(props.playhead) }}
              data-testid="playhead"
            />
          </div>
        </div>
      </div>
    </div>
  );
}

function Clip({
  item,
  lang,
  left,
  width,
  height,
  zoom,
  selected,
  dragging,
  problem,
  peaks,
  onPointerDown,
  onPointerMove,
  onPointerUp,
}: {
  item: ProgrammeItemView;
  lang: UiLanguage;
  left: number;
  width: number;
  height: number;
  zoom: number;
  selected: boolean;
  dragging: boolean;
  problem: boolean;
  peaks: PeaksResult | undefined;
  onPointerDown(e: ReactPointerEvent, mode: DragMode): void;
  onPointerMove(e: ReactPointerEvent): void;
  onPointerUp(e: ReactPointerEvent): void;
}) {
  const { t } = useTranslation();
  const color =
    item.trackKind === 'voice' && item.language
      ? languageColor(item.language)
      : KIND_COLOR[item.trackKind === 'bed' ? 'bed' : 'jingle'];
  const placeholder = item.source === null;
  const fadeIn = sec(item.fadeIn) * zoom;
  const fadeOut = sec(item.fadeOut) * zoom;
  const xfade = sec(item.crossfadeIn) * zoom;
  const classes = [
    'tl-clip',
    `kind-${item.trackKind}`,
    selected && 'selected',
    dragging && 'dragging',
    placeholder && 'placeholder',
    problem && 'problem',
  ]
    .filter(Boolean)
    .join(' ');
  const label =
    item.trackKind === 'voice' && item.language
      ? `${languageName(item.language, lang)} · ${item.title}`
      : item.title;
  const handlers = {
    onPointerMove,
    onPointerUp,
    onPointerCancel: onPointerUp,
  };
  return (
    <div
      className={classes}
      style={{ left, width, height: height - 8, ['--clip' as string]: color }}
      data-item-id={item.id}
      data-language={item.language ?? undefined}
      title={`${label}${placeholder ? ` (${t('programme.rundown.placeholder')})` : ''}`}
      onPointerDown={(e) => onPointerDown(e, 'move')}
      {...handlers}
    >
      {peaks && !placeholder && <ClipWave peaks={peaks} item={item} width={width} height={height - 8} />}
      {(fadeIn > 1 || fadeOut > 1) && (
        <svg className="tl-fades" width={width} height={height - 8} aria-hidden="true">
          {fadeIn > 1 && <polygon points={`0,0 ${fadeIn},0 0,${height - 8}`} />}
          {fadeOut > 1 && <polygon points={`${width - fadeOut},0 ${width},0 ${width},${height - 8}`} />}
        </svg>
      )}
      {xfade > 1 && (
        <div className="tl-xfade" style={{ width: xfade }} title={t('programme.inspector.crossfade')} />
      )}
      <div className="tl-clip-label" style={xfade > 1 ? { paddingLeft: xfade + 6 } : undefined}>
        {item.trackKind === 'voice' && item.language && (
          <span className="tl-clip-lang">{languageShortName(item.language, lang)}</span>
        )}
        {placeholder && <span className="tl-clip-empty">{t('programme.rundown.placeholderShort')}</span>}
        {item.source?.kind === 'edit' && (
          <span className="tl-clip-edit" title={t('programme.timeline.fromEdit')}>
            ✂
          </span>
        )}
        <span className="tl-clip-title">{item.title || '—'}</span>
      </div>
      {selected && !placeholder && (
        <>
          <div
            className="tl-fade-handle"
            style={{ left: Math.min(width - 10, fadeIn) }}
            title={t('programme.inspector.fadeIn')}
            data-fade="in"
            onPointerDown={(e) => onPointerDown(e, 'fadeIn')}
            {...handlers}
          />
          <div
            className="tl-fade-handle"
            style={{ left: Math.max(0, width - fadeOut - 10) }}
            title={t('programme.inspector.fadeOut')}
            data-fade="out"
            onPointerDown={(e) => onPointerDown(e, 'fadeOut')}
            {...handlers}
          />
        </>
      )}
      <div className="tl-handle start" onPointerDown={(e) => onPointerDown(e, 'trimStart')} {...handlers} />
      <div className="tl-handle end" onPointerDown={(e) => onPointerDown(e, 'trimEnd')} {...handlers} />
    </div>
  );
}

/** The clip's part of its source's waveform (an asset, an edit or a segment), from main's peaks. */
function ClipWave({
  peaks,
  item,
  width,
  height,
}: {
  peaks: PeaksResult;
  item: ProgrammeItemView;
  width: number;
  height: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const w = Math.max(1, Math.min(4096, Math.round(width)));
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    const from = sec(item.sourceStart) - peaks.startSec;
    const to = sec(item.sourceEnd) - peaks.startSec;
    const n = peaks.max.length;
    const mid = c.height / 2;
    ctx.fillStyle = 'rgba(255,255,255,0.55)';
    for (let x = 0; x < c.width; x++) {
      const a = Math.floor((from + ((to - from) * x) / c.width) * peaks.bucketsPerSecond);
      const b = Math.max(
        a + 1,
        Math.floor((from + ((to - from) * (x + 1)) / c.width) * peaks.bucketsPerSecond),
      );
      let hi = 0;
      let lo = 0;
      for (let k = Math.max(0, a); k < Math.min(n, b); k++) {
        hi = Math.max(hi, peaks.max[k] ?? 0);
        lo = Math.min(lo, peaks.min[k] ?? 0);
      }
      const top = mid - hi * mid * 0.92;
      const bottom = mid - lo * mid * 0.92;
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }, [peaks, item.sourceStart, item.sourceEnd, w, height]);
  return <canvas ref={canvas} className="tl-wave" width={w} height={height} aria-hidden="true" />;
}
