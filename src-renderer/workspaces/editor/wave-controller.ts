import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { EditEffect, EditSamples, GainPoint, PeaksResult } from '../../../src-main/contract';
import { EnvelopeEditor } from './envelope';
import { type OverlayMarker, Overlays, type OverlaySegment } from './overlays';
import { DRAG_PX, OwnViewLayers, SELECTION_COLOR, waveLayer } from './own-view-layers';
import { coarsePeaks, peaksPlan, withFineSlice, type WavePeaks } from './peaks';
import { Ruler } from './ruler';
import { SampleView } from './sample-view';
import { formatTick, SAMPLE_RATE } from './samples';
import { styleNonce } from '../../studio/style-nonce';

/**
 * Deepest zoom in pixels a second: 40 pixels a sample, for an edit of any length. wavesurfer's
 * scroll area must stay under ~30 million px (the browser's largest element), which stops it short
 * of that for edits longer than 15 s (3 hours: ~17 samples a pixel); deeper than that, and wherever
 * the sample view draws, the controller keeps its own view (see `own` below).
 */
export const MAX_PX_PER_SEC = 40 * SAMPLE_RATE;
const MAX_SCROLL_WIDTH = 30_000_000;
/** Finest peaks main keeps: 100 buckets a second (10 ms). */
const FINEST_BPS = 100;
/**
 * A zoom gesture (a held key, the wheel, the slider) stretches the drawing already there and the
 * waveform is drawn again once no zoom step has come for this long.
 */
const ZOOM_SETTLE_MS = 160;
const SELECTION_ID = 'selection';
export interface WaveView {
  /** Pixels a second as drawn. */
  pxPerSec: number;
  /** The zoom that shows the whole edit. */
  fitPxPerSec: number;
  maxPxPerSec: number;
  visibleStart: number;
  visibleEnd: number;
  /** Resolution of the peaks drawn, in buckets a second. */
  peaksBps: number;
  /** Whether the controller's own view draws (wavesurfer hidden): sample zoom, or deeper than it holds. */
  own: boolean;
  /** The gain envelope mode (G): clicks and drags over the waveform edit the envelope. */
  envelope: boolean;
}

export interface WaveCallbacks {
  /** The person dragged a selection (or resized it). */
  onSelect(startSec: number, endSec: number): void;
  onPlaying(playing: boolean): void;
  /** The person clicked a segment in the lane. */
  onSegment(id: string): void;
  /** Finer peaks for a time range of the current preview (`edit.peaks`). */
  fetchPeaks(previewId: string, startSec: number, endSec: number, maxBuckets: number): Promise<PeaksResult>;
  /** The sample values of the current preview (`edit.samples`, as 16-bit integers), for the deepest zoom. */
  fetchSamples(previewId: string, startSample: number, count: number): Promise<EditSamples>;
  onError(message: string): void;
  /** The envelope editor's gestures: a new envelope, or one edited in place (`replaces`). */
  onEnvelope(points: GainPoint[], replaces: string | null): Promise<unknown>;
  onRemoveEffect(id: string): Promise<unknown>;
  /** "−12,0 dB" in the UI's language. */
  formatDb(db: number): string;
}

export interface WaveCanvases {
  ruler: HTMLCanvasElement;
  lane: HTMLCanvasElement;
  tint: HTMLCanvasElement;
  /** Over the waveform: the sample values at the deepest zoom. */
  samples: HTMLCanvasElement;
  /** Over everything: the gain envelope and its points. */
  envelope: HTMLCanvasElement;
}

export interface WaveLoad {
  previewId: string;
  url: string;
  peaks: PeaksResult;
  durationSec: number;
}

/**
 * wavesurfer.js as the editor uses it: the preview's audio and main's peaks, a ruler that scrubs,
 * zoom with finer peaks fetched on demand, the selection as a region, segments and markers drawn
 * in a lane and a tint (overlays.ts), and playback of the selection with an optional loop. Plain TypeScript so that the playhead moving at
 * 60 frames a second never re-renders React.
 */
export class WaveController {
  private readonly ws: WaveSurfer;
  private readonly regions: ReturnType<typeof RegionsPlugin.create>;
  private readonly ruler: Ruler;
  private readonly overlays: Overlays;
  private readonly sampleView: SampleView;
  private readonly envelope: EnvelopeEditor;
  private readonly hover: { line: HTMLDivElement; label: HTMLSpanElement; x: number | null };
  /** The own view's playhead, selection, scrollbar and pointer (wavesurfer's are hidden with it). */
  private readonly ownView: OwnViewLayers;
  /**
   * The own view is on: wavesurfer stays at the zoom it had, hidden and never scrolled (so it never
   * redraws), and the sample view, the ruler and the overlays are drawn from `scrollLeft` and
   * `pxPerSec` alone; the wheel is handled here, pointer and scrollbar by `ownView`.
   */
  private own = false;
  /** The peaks wavesurfer holds (in the own view, finer peaks wait here until it shows again). */
  private wsPeaks: WavePeaks | null = null;
  private readonly timeListeners = new Set<(t: number) => void>();
  private readonly viewListeners = new Set<(v: WaveView) => void>();
  private lastView = '';
  private loaded: WaveLoad | null = null;
  private drawn: WavePeaks | null = null;
  /** The preview's own peaks of the whole edit, kept for going back to them. */
  private coarse: WavePeaks | null = null;
  private zoomFrame = 0;
  /** The zoom asked for (0 = the whole edit); during a gesture wavesurfer still draws `drawnPps`. */
  private pxPerSec = 0;
  private drawnPps = 0;
  /** During a zoom gesture: the drawing's scroll position and width when it began. */
  private gesture: { scroll: number; total: number } | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private adding = false;
  private selection: Region | null = null;
  /** Width of the view, and its scroll position: kept here so that drawing never forces a layout. */
  private width = 0;
  private scrollLeft = 0;
  private earlySeek = 0;
  /** Where the playhead was last put (see `getTime`). */
  private seekTarget: number | null = null;
  /** While a new preview loads: where the person moved the playhead meanwhile (applied once loaded). */
  private loadingSeek: number | null = null;
  /** Where the playhead goes back to once the audio being loaded is ready. */
  private loadingKeep = 0;
  private loading = false;
  private loop = false;
  private loopRange: { start: number; end: number } | null = null;
  private peaksTimer: ReturnType<typeof setTimeout> | undefined;
  private peaksSeq = 0;
  private scrubbing = false;
  private smoothFrame = 0;
  private destroyed = false;

  constructor(
    private readonly container: HTMLElement,
    canvases: WaveCanvases,
    private readonly cb: WaveCallbacks,
  ) {
    this.ruler = new Ruler(canvases.ruler);
    this.overlays = new Overlays(canvases.lane, canvases.tint);
    this.sampleView = new SampleView(
      canvases.samples,
      (id, start, count) => this.cb.fetchSamples(id, start, count),
      (message) => this.cb.onError(message),
    );
    this.envelope = new EnvelopeEditor(
      canvases.envelope,
      {
        apply: (points, replaces) => this.cb.onEnvelope(points, replaces),
        remove: (id) => this.cb.onRemoveEffect(id),
      },
      (db) => this.cb.formatDb(db),
    );
    // A zoom gesture scales wavesurfer's element: what spills out of the view is cut off.
    container.style.overflow = 'hidden';
    this.hover = this.initHover(container);
    this.ownView = new OwnViewLayers(container, {
      metrics: () => ({
        width: this.width,
        scrollLeft: this.scrollLeft,
        total: this.totalWidth(),
        duration: this.duration,
      }),
      scrollTo: (x) => this.scrollTo(x),
      getTime: () => this.getTime(),
      seek: (t) => this.setTime(t),
      onSelect: (start, end) => this.cb.onSelect(start, end),
    });
    this.regions = RegionsPlugin.create();
    this.ws = WaveSurfer.create({
      container,
      height: 180,
      cspNonce: styleNonce(),
      waveColor: '#6f9cc4',
      progressColor: '#244f78',
      cursorColor: '#d9342b',
      cursorWidth: 2,
      normalize: false,
      autoScroll: true,
      autoCenter: true,
      dragToSeek: false,
      plugins: [this.regions],
    });
    this.regions.enableDragSelection({ id: SELECTION_ID, color: SELECTION_COLOR }, DRAG_PX);
    this.regions.on('region-created', (r) => this.onRegionCreated(r));
    this.regions.on('region-updated', (r) => {
      if (r === this.selection) this.cb.onSelect(r.start, r.end);
    });
    this.ws.on('timeupdate', (t) => this.onTime(t));
    this.ws.on('play', () => this.cb.onPlaying(true));
    this.ws.on('pause', () => this.cb.onPlaying(false));
    this.ws.on('finish', () => {
      if (this.loop && !this.loopRange) void this.ws.play(0);
      else this.cb.onPlaying(false);
    });
    this.ws.on('scroll', (_start, _end, left) => {
      // During a zoom gesture the view is where the gesture put it, not where the drawing is; in
      // the own view wavesurfer's scroll position means nothing.
      if (this.gesture || this.own) return;
      this.scrollLeft = left;
      this.viewChanged();
    });
    this.ws.on('zoom', () => this.measure());
    this.ws.on('redraw', () => this.measure());
    this.ws.on('resize', () => this.measure());
    this.ws.on('error', (e) => {
      if (e.name !== 'AbortError') this.cb.onError(e.message);
    });
    this.initScrub(canvases.ruler);
    canvases.lane.addEventListener('pointerdown', (e) => {
      const seg = this.overlays.segmentAt(e.clientX);
      if (seg) this.cb.onSegment(seg.id);
    });
    // Ctrl + wheel zooms; a plain wheel scrolls along the edit once it is wider than the view.
    container.addEventListener(
      'wheel',
      (e) => {
        if (!this.loaded) return;
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          this.zoomBy(e.deltaY < 0 ? 1.25 : 0.8);
        } else if (this.own) {
          e.preventDefault();
          this.scrollTo(this.scrollLeft + (Math.abs(e.deltaY) > Math.abs(e.deltaX) ? e.deltaY : e.deltaX));
        } else if (this.pxPerSec > 0 && Math.abs(e.deltaY) > Math.abs(e.deltaX)) {
          e.preventDefault();
          this.settleZoom();
          this.ws.setScroll(this.scrollLeft + e.deltaY);
        }
      },
      { passive: false },
    );
  }

  // ---- Loading -----------------------------------------------------------------------------------

  /** Shows a new preview. The old waveform stays until this is called, so nothing blinks. */
  async load(next: WaveLoad, keepTime: number): Promise<void> {
    const sameAudio = this.loaded?.previewId === next.previewId;
    this.loaded = next;
    if (sameAudio) return;
    this.coarse = coarsePeaks(next.peaks);
    this.drawn = this.coarse;
    this.wsPeaks = this.coarse;
    this.sampleView.reset();
    this.loading = true;
    this.loadingSeek = null;
    this.loadingKeep = keepTime;
    try {
      await this.ws.load(next.url, this.drawn.channels, next.durationSec);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      this.loading = false;
      throw err;
    }
    // A newer preview has started loading meanwhile: it finishes the job.
    if (this.destroyed || this.loaded?.previewId !== next.previewId) return;
    this.loading = false;
    // A seek made while the audio loaded wins over where the playhead was before.
    if (this.loadingSeek !== null) keepTime = this.loadingSeek;
    this.loadingSeek = null;
    this.endGesture();
    this.pxPerSec = this.clampZoom(this.pxPerSec);
    if (this.wantsOwn(this.pxPerSec)) {
      // The own view goes on where it was (the edit may be shorter now); wavesurfer waits hidden
      // at a zoom it can hold.
      this.drawnPps = Math.min(this.pxPerSec, this.wsMaxPxPerSec());
      this.ws.zoom(this.drawnPps);
      this.setOwn(true);
      this.ws.setTime(Math.min(keepTime, next.durationSec));
      this.scrollLeft = Math.max(0, Math.min(this.totalWidth() - this.width, this.scrollLeft));
      this.viewChanged();
      this.followPlayhead(this.getTime(), false);
      return;
    }
    this.setOwn(false);
    this.drawnPps = this.pxPerSec;
    this.ws.zoom(this.drawnPps);
    this.ws.setTime(Math.min(keepTime, next.durationSec));
    this.measure();
  }

  get duration(): number {
    return this.loaded?.durationSec ?? 0;
  }

  // ---- Playback ----------------------------------------------------------------------------------

  onTimeChange(listener: (t: number) => void): () => void {
    this.timeListeners.add(listener);
    return () => this.timeListeners.delete(listener);
  }

  private onTime(t: number): void {
    if (this.loop && this.loopRange && this.ws.isPlaying() && t >= this.loopRange.end) {
      this.ws.setTime(this.loopRange.start);
      return;
    }
    if (this.own) {
      this.followPlayhead(t, this.ws.isPlaying());
      this.ownView.drawPlayhead();
    }
    for (const l of this.timeListeners) l(t);
  }

  getTime(): number {
    // While new audio loads the media element reports 0: the playhead is where it will be put back.
    if (this.loading) return this.loadingSeek ?? this.loadingKeep;
    if (!this.loaded) return this.earlySeek;
    const t = this.ws.getCurrentTime();
    // The media element keeps its position to about a microsecond: at rest, the playhead is where
    // it was put (at 40 px a sample, a microsecond is 2 px).
    const s = this.seekTarget;
    return s !== null && Math.abs(t - s) < 5e-6 && !this.ws.isPlaying() ? s : t;
  }

  isPlaying(): boolean {
    return this.ws.isPlaying();
  }

  setTime(seconds: number): void {
    if (!this.loaded) {
      // Before the first preview arrives: remembered, and the playhead starts there.
      this.earlySeek = Math.max(0, seconds);
      for (const l of this.timeListeners) l(this.earlySeek);
      return;
    }
    const t = Math.max(0, Math.min(seconds, this.duration));
    // The media element forgets a position set before its new source has loaded.
    if (this.loading) this.loadingSeek = t;
    this.seekTarget = t;
    this.ws.setTime(t);
  }

  playPause(): void {
    if (this.ws.isPlaying()) this.ws.pause();
    else this.play();
  }

  play(): void {
    this.loopRange = null;
    void this.ws.play().catch((e: Error) => this.cb.onError(e.message));
  }

  pause(): void {
    this.ws.pause();
  }

  /** Plays `[start, end)`; with the loop on it starts again from `start`. */
  playRange(start: number, end: number): void {
    this.loopRange = { start, end };
    if (this.loop) void this.ws.play(start).catch((e: Error) => this.cb.onError(e.message));
    else void this.ws.play(start, end).catch((e: Error) => this.cb.onError(e.message));
  }

  setLoop(on: boolean): void {
    this.loop = on;
  }

  // ---- Zoom and scroll ---------------------------------------------------------------------------

  private fitPxPerSec(): number {
    return this.duration > 0 ? this.width / this.duration : 1;
  }

  private maxPxPerSec(): number {
    return Math.max(this.fitPxPerSec(), MAX_PX_PER_SEC);
  }

  /** The deepest zoom wavesurfer's scroll area holds for this edit. */
  private wsMaxPxPerSec(): number {
    const d = this.duration;
    return d > 0 ? Math.max(this.fitPxPerSec(), MAX_SCROLL_WIDTH / d) : 1;
  }

  /** Whether a zoom is drawn by the own view: deeper than wavesurfer holds, or samples on screen. */
  private wantsOwn(pps: number): boolean {
    if (pps <= 0 || this.width <= 0) return false;
    return pps > this.wsMaxPxPerSec() || SampleView.covers(0, this.width / pps);
  }

  private clampZoom(pps: number): number {
    if (pps <= 0) return 0;
    const fit = this.fitPxPerSec();
    return pps <= fit * 1.001 ? 0 : Math.min(pps, this.maxPxPerSec());
  }

  /**
   * Zooms to `pxPerSec` (0 = the whole edit) keeping the playhead where it is on screen (the middle
   * of the view when the playhead is off screen). Each step of a gesture only stretches what is
   * drawn (a CSS transform, no layout and no drawing); the waveform is drawn again at the new zoom
   * once the gesture settles.
   */
  zoomTo(pxPerSec: number): void {
    if (!this.loaded || !this.drawn || this.destroyed) return;
    const d = this.duration;
    const next = this.clampZoom(pxPerSec);
    if (next === this.pxPerSec) return;
    const before = this.totalWidth();
    const t = this.getTime();
    let anchorX = (t / d) * before - this.scrollLeft;
    if (!(anchorX >= 0 && anchorX <= this.width)) anchorX = this.width / 2;
    const anchorT = ((this.scrollLeft + anchorX) / before) * d;
    const scrollBefore = this.scrollLeft;
    this.pxPerSec = next;
    const after = this.totalWidth();
    this.scrollLeft = Math.max(0, Math.min(after - this.width, (anchorT / d) * after - anchorX));
    clearTimeout(this.settleTimer);
    if (this.own || this.wantsOwn(next)) {
      // The own view draws every step itself (a few canvases the width of the view); leaving it
      // waits for the gesture to settle, when wavesurfer draws once at the zoom reached.
      this.endGesture();
      this.setOwn(true);
      if (!this.zoomFrame) this.zoomFrame = requestAnimationFrame(() => this.ownFrame());
      if (!this.wantsOwn(next)) this.settleTimer = setTimeout(() => this.settleZoom(), ZOOM_SETTLE_MS);
      return;
    }
    if (!this.gesture) this.gesture = { scroll: scrollBefore, total: before };
    if (!this.zoomFrame) this.zoomFrame = requestAnimationFrame(() => this.stretch());
    this.settleTimer = setTimeout(() => this.settleZoom(), ZOOM_SETTLE_MS);
  }

  /** One frame of a zoom in the own view. */
  private ownFrame(): void {
    this.zoomFrame = 0;
    this.viewChanged();
  }

  /** One frame of a zoom gesture: the old drawing stretched to the new zoom. */
  private stretch(): void {
    this.zoomFrame = 0;
    const g = this.gesture;
    const host = this.container.firstElementChild as HTMLElement | null;
    if (!g || !host || this.destroyed) return;
    const k = this.totalWidth() / g.total;
    if (!host.style.willChange) {
      // Its own layer: each step of the gesture moves pixels already drawn, nothing is painted.
      host.style.willChange = 'transform';
      host.style.transformOrigin = '0 0';
    }
    host.style.transform = `translateX(${g.scroll * k - this.scrollLeft}px) scaleX(${k})`;
    this.viewChanged();
  }

  /** The gesture is over: wavesurfer draws at the new zoom, scrolled to where the gesture showed. */
  private settleZoom(): void {
    clearTimeout(this.settleTimer);
    const leaving = this.own && !this.wantsOwn(this.pxPerSec);
    if (!this.gesture && !leaving) return;
    const target = this.scrollLeft;
    this.endGesture();
    if (!this.loaded || !this.drawn || !this.coarse || this.destroyed) return;
    const pps = this.pxPerSec || this.fitPxPerSec();
    // Zooming out from fine peaks: go back to the coarse ones first, so that this zoom does not
    // draw a million buckets into a few hundred pixels.
    const coarseBps = this.coarse.bucketsPerSecond;
    const fine = this.drawn.bucketsPerSecond > coarseBps;
    if (fine && (pps <= coarseBps || this.drawn.bucketsPerSecond > pps * 16)) this.drawn = this.coarse;
    if (leaving) this.setOwn(false);
    // Peaks chosen while wavesurfer was hidden (or above) reach it now.
    if (this.wsPeaks !== this.drawn) this.draw(this.drawn);
    this.drawnPps = this.pxPerSec;
    // One drawing at the new zoom (with the peaks chosen above), then the gesture's scroll position.
    this.ws.zoom(this.pxPerSec);
    this.ws.setScroll(target);
    this.scrollLeft = target;
    this.viewChanged();
  }

  private endGesture(): void {
    clearTimeout(this.settleTimer);
    cancelAnimationFrame(this.zoomFrame);
    this.zoomFrame = 0;
    if (!this.gesture) return;
    this.gesture = null;
    const host = this.container.firstElementChild as HTMLElement | null;
    if (host) {
      host.style.transform = '';
      host.style.willChange = '';
    }
  }

  /** Draws other peaks of the same audio, leaving playback alone (in the own view: drawn there). */
  private draw(peaks: WavePeaks): void {
    this.drawn = peaks;
    if (this.own) return;
    this.wsPeaks = peaks;
    void this.ws.getRenderer().render(peaksBuffer(peaks.channels, this.duration));
  }

  /**
   * Turns the own view on or off. On: wavesurfer's element is hidden where it is (its zoom and
   * scroll untouched, and without scrolling itself after the playhead: nothing makes it redraw),
   * and the own playhead, selection and scrollbar show. Off: the other way round.
   */
  private setOwn(on: boolean): void {
    if (on === this.own) return;
    this.own = on;
    const host = this.container.firstElementChild as HTMLElement | null;
    if (host) host.style.visibility = on ? 'hidden' : '';
    this.ws.options.autoScroll = !on;
    this.ws.options.autoCenter = !on;
    this.ownView.setOn(on);
    this.container.style.cursor = on ? 'text' : '';
    // Room under the waveform for the own scrollbar (wavesurfer's takes that room only when its
    // view scrolls, which it may never have done when the zoom went straight to samples).
    this.container.style.minHeight = on ? '192px' : '';
    if (!on) this.sampleView.hide();
  }

  /** Scrolls to `x` pixels (of the whole edit at this zoom). */
  private scrollTo(x: number): void {
    const left = Math.max(0, Math.min(this.totalWidth() - this.width, x));
    if (!this.own) {
      this.ws.setScroll(left);
      return;
    }
    if (left === this.scrollLeft) return;
    this.scrollLeft = left;
    this.viewChanged();
  }

  /** In the own view: keeps the playhead on screen (a page at a time while playing, else centred). */
  private followPlayhead(t: number, playing: boolean): void {
    if (!this.own || this.ownView.pressing || this.scrubbing || this.duration <= 0) return;
    const v = this.view();
    if (t >= v.visibleStart && t <= v.visibleEnd) return;
    const x = t * v.pxPerSec;
    this.scrollTo(playing ? x - this.width * 0.05 : x - this.width / 2);
  }

  zoomBy(factor: number): void {
    const current = this.pxPerSec || this.fitPxPerSec();
    this.zoomTo(current * factor);
  }

  /** Moves the view so that `seconds` is in its middle, gliding there over a few frames. */
  scrollToTime(seconds: number): void {
    if (!this.loaded) return;
    const total = this.totalWidth();
    const target = Math.max(0, (seconds / this.duration) * total - this.width / 2);
    const from = this.scrollLeft;
    cancelAnimationFrame(this.smoothFrame);
    const t0 = performance.now();
    const step = (now: number) => {
      const k = Math.min(1, (now - t0) / 180);
      const eased = 1 - (1 - k) ** 3;
      this.scrollTo(from + (target - from) * eased);
      if (k < 1) this.smoothFrame = requestAnimationFrame(step);
    };
    this.smoothFrame = requestAnimationFrame(step);
  }

  /**
   * The whole edit's width at this zoom: wavesurfer's wrapper as its renderer lays it out (without
   * asking the DOM), or, in the own view, as wide as it would be (up to billions of pixels).
   */
  private totalWidth(): number {
    if (this.pxPerSec <= 0) return this.width;
    const w = this.duration * this.pxPerSec;
    return Math.max(this.width, this.own ? w : Math.ceil(w));
  }

  view(): WaveView {
    const d = this.duration;
    const total = this.totalWidth() || 1;
    return {
      pxPerSec: d > 0 ? total / d : 0,
      fitPxPerSec: this.fitPxPerSec(),
      maxPxPerSec: this.maxPxPerSec(),
      visibleStart: d > 0 ? (this.scrollLeft / total) * d : 0,
      visibleEnd: d > 0 ? Math.min(d, ((this.scrollLeft + this.width) / total) * d) : 0,
      peaksBps: this.drawn?.bucketsPerSecond ?? 0,
      own: this.own,
      envelope: this.envelope.isOn,
    };
  }

  /** Reads the view's size and scroll once (after a zoom, a resize or a new drawing). */
  private measure(): void {
    if (this.destroyed || this.gesture) return;
    this.width = this.ws.getWidth();
    if (!this.own) this.scrollLeft = this.ws.getScroll();
    this.viewChanged();
  }

  /** Follows the zoom and the peaks' resolution (not the scroll position, which moves every frame). */
  onViewChange(listener: (v: WaveView) => void): () => void {
    this.viewListeners.add(listener);
    if (this.loaded) listener(this.view());
    return () => this.viewListeners.delete(listener);
  }

  private emitView(v: WaveView): void {
    const key = `${v.pxPerSec.toFixed(3)}:${v.fitPxPerSec.toFixed(3)}:${v.maxPxPerSec}:${v.peaksBps}:${v.own}:${v.envelope}`;
    if (key === this.lastView) return;
    this.lastView = key;
    for (const l of this.viewListeners) l(v);
  }

  private viewChanged(): void {
    if (!this.loaded || this.destroyed) return;
    const v = this.view();
    this.ruler.draw(v.visibleStart, v.visibleEnd);
    this.overlays.draw(v.visibleStart, v.visibleEnd);
    this.envelope.draw(v.visibleStart, v.visibleEnd);
    if (this.own) {
      // Far out (zooming out of the own view), the coarse peaks: a few per pixel, not thousands.
      const far = this.drawn && this.coarse && this.drawn.bucketsPerSecond > v.pxPerSec * 4;
      const peaks = far ? this.coarse : this.drawn;
      this.sampleView.draw(this.loaded.previewId, v.visibleStart, v.visibleEnd, peaks, v.pxPerSec);
      this.ownView.draw();
    }
    this.drawHover();
    this.emitView(v);
    if (this.gesture) return;
    clearTimeout(this.peaksTimer);
    this.peaksTimer = setTimeout(() => void this.refinePeaks(), 120);
  }

  /** Fetches finer peaks for what is on screen when the zoom needs them. */
  private async refinePeaks(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded || !this.drawn || this.destroyed || this.gesture) return;
    const v = this.view();
    // The sample view draws this zoom from the samples themselves: finer peaks would not be seen.
    if (SampleView.covers(v.visibleStart, v.visibleEnd)) return;
    const plan = peaksPlan(
      this.drawn,
      loaded.peaks.bucketsPerSecond,
      v.pxPerSec,
      v.visibleStart,
      v.visibleEnd,
      FINEST_BPS,
    );
    if (plan === 'keep') return;
    const seq = ++this.peaksSeq;
    let next: WavePeaks | null;
    if (plan === 'coarse') {
      next = this.coarse;
    } else {
      const span = v.visibleEnd - v.visibleStart;
      const start = Math.max(0, v.visibleStart - span);
      const end = Math.min(loaded.durationSec, v.visibleEnd + span);
      // Levels are 4× apart: room for up to 4 buckets a pixel lets main pick one at least as fine
      // as the zoom.
      const buckets = Math.ceil((end - start) * Math.min(v.pxPerSec * 4, FINEST_BPS)) + 8;
      try {
        const fine = await this.cb.fetchPeaks(loaded.previewId, start, end, buckets);
        if (seq !== this.peaksSeq || this.loaded !== loaded || this.destroyed) return;
        next = withFineSlice(loaded.peaks, fine, this.drawn === this.coarse ? null : this.drawn);
      } catch {
        return; // The coarse waveform stays; the next zoom or scroll asks again.
      }
    }
    if (!next || this.destroyed || this.gesture) return;
    this.draw(next);
    if (this.own) this.viewChanged();
    else this.emitView(this.view());
  }

  // ---- The time under the pointer ------------------------------------------------------------------

  /**
   * A line and the time under the pointer. Drawn from the view's own numbers: nothing is measured
   * on a scroll or a zoom (wavesurfer's hover plugin measures its wrapper on each, forcing a layout
   * every frame).
   */
  private initHover(container: HTMLElement): WaveController['hover'] {
    const line = waveLayer(container.parentElement ?? container, null, {
      borderLeft: '1px solid rgba(15, 61, 99, 0.45)',
      zIndex: '4',
    });
    const label = document.createElement('span');
    Object.assign(label.style, {
      position: 'absolute',
      top: '0',
      background: '#0f3d63',
      color: '#fff',
      fontSize: '13px',
      padding: '2px 4px',
      whiteSpace: 'nowrap',
    });
    line.appendChild(label);
    const hover = { line, label, x: null as number | null };
    let left = 0;
    container.addEventListener('pointerenter', () => {
      left = container.getBoundingClientRect().left;
    });
    container.addEventListener('pointermove', (e) => {
      hover.x = e.clientX - left;
      this.drawHover();
    });
    container.addEventListener('pointerleave', () => {
      hover.x = null;
      line.style.display = 'none';
      line.dataset.key = '';
    });
    return hover;
  }

  private drawHover(): void {
    const h = this.hover;
    if (h.x === null || !this.loaded || this.width <= 0) return;
    const v = this.view();
    const t = v.visibleStart + (h.x / this.width) * (v.visibleEnd - v.visibleStart);
    const spp = (v.visibleEnd - v.visibleStart) / this.width;
    const text = formatTick(t, spp < 0.00005 ? 0.00002 : 0.001);
    const x = Math.round(h.x);
    // Only what changed is written: a scroll changes the text, a move of the pointer the place.
    const key = `${x}|${this.width}`;
    if (h.line.dataset.key !== key) {
      h.line.dataset.key = key;
      h.line.style.display = '';
      h.line.style.transform = `translateX(${x}px)`;
      // Near the right edge the label goes left of the line.
      const left = x > this.width - 90;
      h.label.style.left = left ? '' : '2px';
      h.label.style.right = left ? '2px' : '';
    }
    if (h.label.textContent !== text) h.label.textContent = text;
  }

  // ---- Scrubbing on the ruler ----------------------------------------------------------------------

  private initScrub(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('pointerdown', (e) => {
      if (!this.loaded || e.button !== 0) return;
      this.scrubbing = true;
      canvas.setPointerCapture(e.pointerId);
      this.ws.setTime(this.ruler.timeAt(e.clientX));
    });
    canvas.addEventListener('pointermove', (e) => {
      if (this.scrubbing) this.ws.setTime(this.ruler.timeAt(e.clientX));
    });
    const end = (e: PointerEvent) => {
      if (!this.scrubbing) return;
      this.scrubbing = false;
      canvas.releasePointerCapture(e.pointerId);
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  // ---- Regions -----------------------------------------------------------------------------------

  private onRegionCreated(r: Region): void {
    // Ours (`setSelection`) also when the plugin makes it late, on new audio's 'ready' (clamped to 0).
    if (this.adding || r === this.selection || r.id !== SELECTION_ID) return;
    // Dragged by the person: it replaces the selection there was.
    if (this.selection && this.selection !== r) this.selection.remove();
    this.selection = r;
    this.styleSelection(r);
    this.cb.onSelect(r.start, r.end);
  }

  private styleSelection(r: Region): void {
    const el = r.element;
    if (!el) return;
    // The body lets pointer events through (a new drag starts a new selection, a click seeks);
    // the two handles still resize it.
    el.style.pointerEvents = 'none';
    el.setAttribute('data-region', 'selection');
    for (const handle of el.querySelectorAll<HTMLElement>('[part~="region-handle"]')) {
      handle.style.pointerEvents = 'auto';
      handle.style.borderColor = 'rgba(190, 130, 0, 0.9)';
      handle.style.width = '6px';
    }
  }

  /** Shows the selection (null clears it); does nothing when it is already drawn there. */
  setSelection(range: { start: number; end: number } | null): void {
    if (!this.loaded) return;
    this.ownView.setSelection(range);
    const half = 0.5 / 48_000;
    const s = this.selection;
    if (
      range &&
      s &&
      !s.isRemoved &&
      Math.abs(s.start - range.start) < half &&
      Math.abs(s.end - range.end) < half
    )
      return;
    if (s) s.remove();
    this.selection = null;
    if (!range) return;
    this.adding = true;
    try {
      this.selection = this.regions.addRegion({
        id: SELECTION_ID,
        start: range.start,
        end: range.end,
        color: SELECTION_COLOR,
        drag: false,
        resize: true,
      });
      this.styleSelection(this.selection);
    } finally {
      this.adding = false;
    }
  }

  /** The gain envelope mode on or off (the G key, the transport's button). */
  setEnvelopeMode(on: boolean): void {
    if (on === this.envelope.isOn) return;
    this.envelope.setOn(on);
    if (this.loaded) this.viewChanged();
  }

  toggleEnvelope(): void {
    this.setEnvelopeMode(!this.envelope.isOn);
  }

  /** The document's effects (the envelope draws its gain effects) and its length in samples. */
  setEffects(effects: EditEffect[], length: number): void {
    this.envelope.setDocument(effects, length);
  }

  /** Replaces the segments and markers drawn in the lane and over the waveform. */
  setOverlays(segments: OverlaySegment[], markers: OverlayMarker[]): void {
    this.overlays.set(segments, markers);
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.peaksTimer);
    this.endGesture();
    this.ruler.destroy();
    this.overlays.destroy();
    this.ownView.destroy();
    this.hover.line.remove();
    this.sampleView.destroy();
    this.envelope.destroy();
    cancelAnimationFrame(this.smoothFrame);
    cancelAnimationFrame(this.zoomFrame);
    this.timeListeners.clear();
    this.viewListeners.clear();
    this.ws.destroy();
  }
}

/**
 * Peaks in the shape wavesurfer's renderer draws from (what its own `createBuffer` makes): handing
 * them to the renderer directly swaps the drawing without touching the audio element.
 */
function peaksBuffer(channels: [Float32Array, Float32Array], duration: number): AudioBuffer {
  const length = channels[0].length;
  const channel = (i: number) => channels[i === 0 ? 0 : 1];
  return {
    duration,
    length,
    sampleRate: length / duration,
    numberOfChannels: 2,
    getChannelData: channel,
    copyFromChannel: (dest: Float32Array, i: number, start = 0) =>
      dest.set(channel(i).subarray(start, start + dest.length)),
    copyToChannel: (src: Float32Array, i: number, start = 0) => channel(i).set(src, start),
  } as unknown as AudioBuffer;
}
