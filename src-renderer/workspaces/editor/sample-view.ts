import type { EditSamples } from '../../../src-main/contract';
import { CanvasSize } from './overlays';
import type { WavePeaks } from './peaks';

/**
 * The waveform at sample zoom: when what is on screen is short enough to read whole (at most
 * `MAX_VISIBLE_FRAMES`), the actual sample values of the preview (`edit.samples`) are drawn over the
 * waveform instead of peaks, which stop at 100 buckets a second. More than one sample a pixel: a
 * min/max column a pixel; fewer: a line through the samples; a sample wider than `DOT_PX`: a dot on
 * each. Until the samples arrive (and where the view holds too many samples to fetch) it draws the
 * peaks it is given, a min/max column a pixel, as wavesurfer would.
 *
 * It draws whenever the controller's own view is on (wavesurfer hidden, see wave-controller.ts):
 * every zoom deeper than wavesurfer's scroll area can hold, and every zoom the samples cover.
 */

/** Most frames one request returns (`EDIT_SAMPLES_MAX` in the contract). */
const FETCH_MAX = 96_000;
const FETCH_MIN = 8_192;
/** The sample view takes over when the view holds at most this many frames (a third of a fetch). */
export const MAX_VISIBLE_FRAMES = 32_000;
/** From this many pixels a sample, each sample gets a dot. */
const DOT_PX = 6;
const LINE_COLOR = '#244f78';
/** wavesurfer's `waveColor`, for the peaks drawn here. */
const PEAKS_COLOR = '#6f9cc4';
const AXIS_COLOR = 'rgba(36, 79, 120, 0.25)';

/** `edit.samples` asked for 16-bit integers (`int16`). */
export type FetchSamples = (previewId: string, startSample: number, count: number) => Promise<EditSamples>;

interface SampleWindow {
  previewId: string;
  start: number;
  rate: number;
  /** Frames in the whole preview. */
  total: number;
  channels: Float32Array[];
}

export class SampleView {
  private readonly size: CanvasSize;
  private data: SampleWindow | null = null;
  private inFlight = false;
  private seq = 0;
  private last: {
    previewId: string;
    start: number;
    end: number;
    peaks: WavePeaks | null;
    pxPerSec?: number | undefined;
  } | null = null;
  /** What is drawn: the samples, peaks, or nothing. */
  private state: '' | 'samples' | 'peaks' = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly fetch: FetchSamples,
    private readonly onError: (message: string) => void,
  ) {
    canvas.dataset.state = '';
    this.size = new CanvasSize(canvas, () => this.redraw());
  }

  private redraw(): void {
    const l = this.last;
    if (l) this.draw(l.previewId, l.start, l.end, l.peaks, l.pxPerSec);
  }

  /** Whether `[start, end)` seconds is short enough for the sample view. */
  static covers(start: number, end: number, rate = 48_000): boolean {
    return (end - start) * rate <= MAX_VISIBLE_FRAMES;
  }

  /**
   * Draws the samples of `[start, end)` seconds, fetching them first when they are not here yet;
   * meanwhile (or when the view holds too many samples) `peaks`. `pxPerSec` is the zoom as the
   * controller places the playhead and reads the pointer (the canvas's own width may differ from
   * the view's by a fraction of a pixel); by default the canvas's width over `[start, end)`.
   */
  draw(previewId: string, start: number, end: number, peaks: WavePeaks | null, pxPerSec?: number): void {
    this.last = { previewId, start, end, peaks, pxPerSec };
    const rate = this.data?.rate ?? 48_000;
    if (SampleView.covers(start, end, rate)) {
      const first = Math.floor(start * rate);
      const d = this.data;
      const last = Math.min(Math.ceil(end * rate), d?.total ?? Infinity);
      const held =
        d && d.previewId === previewId && first >= d.start && last <= d.start + (d.channels[0]?.length ?? 0);
      if (held && this.drawn(d, start, end)) return;
      if (!held) this.request(previewId, first, Math.ceil(end * rate));
    }
    if (peaks) this.drawPeaks(peaks, start, end);
    else this.hide();
  }

  /** The peaks of `[start, end)`: for each pixel the highest and lowest bucket under it. */
  private drawPeaks(p: WavePeaks, start: number, end: number): void {
    const ctx = this.size.context();
    if (!ctx) return;
    const { width, height } = this.size;
    const [max, min] = p.channels;
    const n = max.length;
    const bps = p.bucketsPerSecond;
    const pxPerSec = this.last?.pxPerSec ?? width / (end - start);
    const mid = height / 2;
    const scale = height / 2;
    ctx.fillStyle = PEAKS_COLOR;
    ctx.beginPath();
    for (let x = 0; x < width; x++) {
      const b0 = Math.floor((start + x / pxPerSec) * bps);
      const b1 = Math.max(b0 + 1, Math.floor((start + (x + 1) / pxPerSec) * bps));
      let hi = 0;
      let lo = 0;
      for (let b = Math.max(0, b0); b < Math.min(n, b1); b++) {
        if (max[b]! > hi) hi = max[b]!;
        if (min[b]! < lo) lo = min[b]!;
      }
      const top = mid - hi * scale;
      ctx.rect(x, top, 1, Math.max(1, mid - lo * scale - top));
    }
    ctx.fill();
    this.setState('peaks', 0);
  }

  /**
   * Asks for the view and as much around it as one request holds. One request at a time: while it
   * is on its way the view may move on, and the answer is then checked against where it is (a
   * scroll at depth would otherwise fetch, and parse, windows already left behind).
   */
  private request(previewId: string, first: number, last: number): void {
    if (this.inFlight) return;
    const span = last - first;
    // Three views' worth (a scroll goes on a while before the next request), between 8 192 frames
    // and what one request holds: the answer is parsed on the page, and a bigger one than needed
    // costs frames while scrolling.
    const count = Math.min(FETCH_MAX, Math.max(FETCH_MIN, span * 3));
    const from = Math.max(0, first - Math.floor((count - span) / 2));
    this.inFlight = true;
    const seq = this.seq;
    this.fetch(previewId, from, count)
      .then((r) => {
        this.inFlight = false;
        if (seq !== this.seq) return;
        this.data = {
          previewId,
          start: r.startSample,
          rate: r.sampleRate,
          total: r.totalSamples,
          // 16-bit integers (a third of the text to parse), scaled to −1 … <1 here.
          channels: r.samples.map((c) => {
            const out = new Float32Array(c.length);
            for (let i = 0; i < c.length; i++) out[i] = c[i]! / 32768;
            return out;
          }),
        };
        this.redraw();
      })
      .catch((e: Error) => {
        this.inFlight = false;
        if (seq !== this.seq) return;
        this.onError(e.message);
      });
  }

  /** Draws from `d`; false when it holds nothing of the view. */
  private drawn(d: SampleWindow, start: number, end: number): boolean {
    const ctx = this.size.context();
    const n = d.channels[0]?.length ?? 0;
    if (!ctx || n === 0) return false;
    const { width, height } = this.size;
    const pxPerSec = this.last?.pxPerSec ?? width / (end - start);
    const pxPerSample = pxPerSec / d.rate;
    const lanes = d.channels.length;
    const laneH = height / lanes;
    ctx.lineWidth = 1;
    for (let c = 0; c < lanes; c++) {
      const data = d.channels[c]!;
      const mid = laneH * c + laneH / 2;
      const scale = laneH / 2 - 2;
      const y = (v: number) => mid - v * scale;
      ctx.strokeStyle = AXIS_COLOR;
      ctx.beginPath();
      ctx.moveTo(0, Math.round(mid) + 0.5);
      ctx.lineTo(width, Math.round(mid) + 0.5);
      ctx.stroke();
      ctx.strokeStyle = LINE_COLOR;
      ctx.fillStyle = LINE_COLOR;
      ctx.beginPath();
      if (pxPerSample < 1) {
        // Several samples a pixel: the lowest and highest of them, as a column.
        for (let x = 0; x < width; x++) {
          const i0 = Math.max(0, Math.floor((start + x / pxPerSec) * d.rate) - d.start);
          const i1 = Math.min(n, Math.floor((start + (x + 1) / pxPerSec) * d.rate) - d.start + 1);
          if (i1 <= i0) continue;
          let lo = data[i0]!;
          let hi = lo;
          for (let i = i0 + 1; i < i1; i++) {
            const v = data[i]!;
            if (v < lo) lo = v;
            else if (v > hi) hi = v;
          }
          ctx.moveTo(x + 0.5, y(hi) - 0.5);
          ctx.lineTo(x + 0.5, y(lo) + 0.5);
        }
        ctx.stroke();
        continue;
      }
      // A line through the samples (one beyond each edge so it runs off the view).
      const i0 = Math.max(0, Math.floor(start * d.rate) - d.start - 1);
      const i1 = Math.min(n, Math.ceil((start + width / pxPerSec) * d.rate) - d.start + 2);
      const xOf = (i: number) => ((d.start + i) / d.rate - start) * pxPerSec;
      for (let i = i0; i < i1; i++) {
        if (i === i0) ctx.moveTo(xOf(i), y(data[i]!));
        else ctx.lineTo(xOf(i), y(data[i]!));
      }
      ctx.stroke();
      if (pxPerSample >= DOT_PX) {
        const r = Math.min(3.5, pxPerSample / 4);
        ctx.beginPath();
        for (let i = i0; i < i1; i++) {
          const x = xOf(i);
          ctx.moveTo(x + r, y(data[i]!));
          ctx.arc(x, y(data[i]!), r, 0, 2 * Math.PI);
        }
        ctx.fill();
      }
    }
    this.setState('samples', pxPerSample);
    return true;
  }

  /** Clears the canvas (wavesurfer draws the waveform again). */
  hide(): void {
    this.last = null;
    if (!this.state) return;
    this.size.context();
    this.setState('', 0);
  }

  private setState(state: SampleView['state'], pxPerSample: number): void {
    this.canvas.dataset.pxPerSample = pxPerSample.toFixed(3);
    if (state === this.state) return;
    this.state = state;
    this.canvas.dataset.state = state;
  }

  /** A new preview: the samples held are of the old one. */
  reset(): void {
    this.seq++;
    this.inFlight = false;
    this.data = null;
  }

  destroy(): void {
    this.seq++;
    this.size.disconnect();
  }
}
