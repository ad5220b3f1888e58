/**
 * Segments and markers, drawn on two canvases the width of the view: a lane under the ruler with
 * each segment's colour and label (language · type · title), and a light tint of the same colours
 * over the waveform. Only what is on screen is drawn, on every scroll and zoom.
 *
 * Why not wavesurfer's regions: its plugin re-measures every region on every scroll event (a DOM
 * read after a DOM write, per region); with 200 segments on a 3-hour edit that alone made the 95th
 * percentile frame twice the 16 ms budget. The selection, a single region, stays a region.
 */

export interface OverlaySegment {
  id: string;
  startSec: number;
  endSec: number;
  label: string;
  color: string;
  active: boolean;
}

export interface OverlayMarker {
  id: string;
  atSec: number;
  label: string;
}

export const MARKER_COLOR = '#1b2430';
/** The lane's text: as large as the rest of the studio's (13 px is the smallest staff should read). */
export const LANE_FONT_PX = 13;
const FONT = `500 ${LANE_FONT_PX}px "Be Vietnam Pro", system-ui, sans-serif`;
/**
 * The lane has two bands: segments (with their labels) above, markers (with their names) below, so
 * that a marker inside a segment never writes its name over the segment's.
 */
const SEGMENT_BAND = 0.52;

/** Where a label of the lane was drawn, in CSS pixels of the lane (read by the layout test). */
export interface LaneLabel {
  kind: 'segment' | 'marker';
  x: number;
  y: number;
  w: number;
  h: number;
  px: number;
}

/**
 * A canvas's CSS size, followed with a ResizeObserver so that drawing on every scroll and zoom never
 * reads layout (a read right after wavesurfer writes its widths forces a synchronous layout).
 */
export class CanvasSize {
  width: number;
  height: number;
  private readonly observer: ResizeObserver;

  constructor(
    readonly canvas: HTMLCanvasElement,
    onResize: () => void,
  ) {
    this.width = canvas.clientWidth;
    this.height = canvas.clientHeight;
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box || (box.width === this.width && box.height === this.height)) return;
      this.width = box.width;
      this.height = box.height;
      onResize();
    });
    this.observer.observe(canvas);
  }

  /** Sizes the backing store for the device's pixel ratio and clears it; null when not laid out. */
  context(): CanvasRenderingContext2D | null {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this;
    if (width === 0 || height === 0) return null;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return ctx;
  }

  disconnect(): void {
    this.observer.disconnect();
  }
}

export class Overlays {
  private segments: OverlaySegment[] = [];
  private markers: OverlayMarker[] = [];
  /** Longest first, so that short segments inside long ones stay visible on top. */
  private byLength: OverlaySegment[] = [];
  private start = 0;
  private end = 1;
  private readonly laneSize: CanvasSize;
  /** What the canvases show (see `layoutKey`); '' forces the next drawing. */
  private drawnKey = '';
  private readonly tintSize: CanvasSize;

  constructor(
    private readonly lane: HTMLCanvasElement,
    tint: HTMLCanvasElement,
  ) {
    const redraw = () => {
      this.drawnKey = '';
      this.draw(this.start, this.end);
    };
    this.laneSize = new CanvasSize(lane, redraw);
    this.tintSize = new CanvasSize(tint, redraw);
  }

  set(segments: OverlaySegment[], markers: OverlayMarker[]): void {
    this.segments = segments;
    this.byLength = [...segments].sort((a, b) => b.endSec - b.startSec - (a.endSec - a.startSec));
    this.markers = markers;
    this.drawnKey = '';
    this.draw(this.start, this.end);
  }

  /** The segment under a point of the lane, if any. */
  segmentAt(clientX: number): OverlaySegment | null {
    const rect = this.lane.getBoundingClientRect();
    const t = this.start + ((clientX - rect.left) / Math.max(1, rect.width)) * (this.end - this.start);
    // The shortest one wins where segments overlap (it is drawn on top).
    let best: OverlaySegment | null = null;
    for (const s of this.segments) {
      if (t >= s.startSec && t < s.endSec && (!best || s.endSec - s.startSec < best.endSec - best.startSec))
        best = s;
    }
    return best;
  }

  /**
   * Draws what is on screen of `[start, end)` seconds; nothing when it would look the same as the
   * last drawing (scrolling deep inside one segment: both canvases unchanged, no pixels sent on).
   */
  draw(start: number, end: number): void {
    this.start = start;
    this.end = Math.max(end, start + 1e-6);
    const key = this.layoutKey();
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    this.drawLane();
    this.drawTint();
  }

  /** Where each segment and marker on screen lands, to a tenth of a pixel, and the canvases' sizes. */
  private layoutKey(): string {
    const w = this.laneSize.width;
    let key = `${w}x${this.laneSize.height}|${this.tintSize.width}x${this.tintSize.height}|`;
    for (const s of this.visible()) {
      const x0 = Math.max(-2, Math.min(w + 2, this.x(s.startSec, w)));
      const x1 = Math.max(-2, Math.min(w + 2, this.x(s.endSec, w)));
      key += `${s.id}:${x0.toFixed(1)}:${x1.toFixed(1)},`;
    }
    for (const m of this.markers) {
      if (m.atSec >= this.start && m.atSec <= this.end) key += `${m.id}@${this.x(m.atSec, w).toFixed(1)},`;
    }
    return key;
  }

  /** Only the segments on screen are drawn. */
  private visible(): OverlaySegment[] {
    return this.byLength.filter((s) => s.endSec > this.start && s.startSec < this.end);
  }

  destroy(): void {
    this.laneSize.disconnect();
    this.tintSize.disconnect();
  }

  private x(t: number, width: number): number {
    return ((t - this.start) / (this.end - this.start)) * width;
  }

  private drawLane(): void {
    const ctx = this.laneSize.context();
    if (!ctx) return;
    const { width, height } = this.laneSize;
    const band = Math.round(height * SEGMENT_BAND);
    const labels: LaneLabel[] = [];
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    for (const s of this.visible()) {
      const x0 = Math.max(0, this.x(s.startSec, width));
      const x1 = Math.min(width, this.x(s.endSec, width));
      const w = Math.max(1, x1 - x0);
      ctx.fillStyle = s.color;
      ctx.globalAlpha = s.active ? 1 : 0.88;
      ctx.fillRect(x0, 1, w, band - 2);
      ctx.globalAlpha = 1;
      if (s.active) {
        ctx.strokeStyle = '#111';
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 + 1, 2, Math.max(0, w - 2), band - 4);
      }
      if (w > 14) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(x0, 0, w - 3, band);
        ctx.clip();
        ctx.fillStyle = '#fff';
        ctx.fillText(s.label, x0 + 5, band / 2 + 0.5);
        ctx.restore();
        const shown = Math.min(ctx.measureText(s.label).width, w - 8);
        labels.push(this.box('segment', x0 + 5, band / 2, shown));
      }
    }
    for (const m of this.markers) {
      if (m.atSec < this.start || m.atSec > this.end) continue;
      const x = Math.round(this.x(m.atSec, width)) + 0.5;
      const mid = (band + height) / 2;
      ctx.fillStyle = MARKER_COLOR;
      ctx.beginPath();
      ctx.moveTo(x, mid + 6);
      ctx.lineTo(x - 5, mid);
      ctx.lineTo(x, mid - 6);
      ctx.lineTo(x + 5, mid);
      ctx.closePath();
      ctx.fill();
      if (m.label) {
        ctx.fillText(m.label, x + 8, mid + 0.5);
        labels.push(this.box('marker', x + 8, mid, ctx.measureText(m.label).width));
      }
    }
    this.lane.dataset.labels = JSON.stringify(labels);
  }

  private box(kind: LaneLabel['kind'], x: number, middle: number, w: number): LaneLabel {
    const h = LANE_FONT_PX;
    return { kind, x: Math.round(x), y: Math.round(middle - h / 2), w: Math.round(w), h, px: LANE_FONT_PX };
  }

  private drawTint(): void {
    const ctx = this.tintSize.context();
    if (!ctx) return;
    const { width, height } = this.tintSize;
    for (const s of this.visible()) {
      const x0 = Math.max(0, this.x(s.startSec, width));
      const x1 = Math.min(width, this.x(s.endSec, width));
      ctx.fillStyle = s.color;
      ctx.globalAlpha = s.active ? 0.2 : 0.1;
      ctx.fillRect(x0, 0, Math.max(1, x1 - x0), height);
      ctx.globalAlpha = 0.9;
      ctx.fillRect(Math.round(x0), 0, 1, height);
      ctx.fillRect(Math.round(x1) - 1, 0, 1, height);
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = MARKER_COLOR;
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const m of this.markers) {
      if (m.atSec < this.start || m.atSec > this.end) continue;
      const x = Math.round(this.x(m.atSec, width)) + 0.5;
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height);
    }
    ctx.stroke();
  }
}
