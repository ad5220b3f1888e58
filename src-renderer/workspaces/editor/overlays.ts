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
const FONT = '500 11px "Be Vietnam Pro", system-ui, sans-serif';

function sizeCanvas(c: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const width = c.clientWidth;
  const height = c.clientHeight;
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

export class Overlays {
  private segments: OverlaySegment[] = [];
  private markers: OverlayMarker[] = [];
  private start = 0;
  private end = 1;

  constructor(
    private readonly lane: HTMLCanvasElement,
    private readonly tint: HTMLCanvasElement,
  ) {}

  set(segments: OverlaySegment[], markers: OverlayMarker[]): void {
    this.segments = segments;
    this.markers = markers;
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

  draw(start: number, end: number): void {
    this.start = start;
    this.end = Math.max(end, start + 1e-6);
    this.drawLane();
    this.drawTint();
  }

  private visible(): OverlaySegment[] {
    // Longest first, so that short segments inside long ones stay visible on top.
    return this.segments
      .filter((s) => s.endSec > this.start && s.startSec < this.end)
      .sort((a, b) => b.endSec - b.startSec - (a.endSec - a.startSec));
  }

  private x(t: number, width: number): number {
    return ((t - this.start) / (this.end - this.start)) * width;
  }

  private drawLane(): void {
    const ctx = sizeCanvas(this.lane);
    if (!ctx) return;
    const width = this.lane.clientWidth;
    const height = this.lane.clientHeight;
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    for (const s of this.visible()) {
      const x0 = Math.max(0, this.x(s.startSec, width));
      const x1 = Math.min(width, this.x(s.endSec, width));
      const w = Math.max(1, x1 - x0);
      ctx.fillStyle = s.color;
      ctx.globalAlpha = s.active ? 1 : 0.88;
      ctx.fillRect(x0, 1, w, height - 2);
      ctx.globalAlpha = 1;
      if (s.active) {
        ctx.strokeStyle = '#111';
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 + 1, 2, Math.max(0, w - 2), height - 4);
      }
      if (w > 14) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(x0, 0, w - 3, height);
        ctx.clip();
        ctx.fillStyle = '#fff';
        ctx.fillText(s.label, x0 + 5, height / 2 + 0.5);
        ctx.restore();
      }
    }
    for (const m of this.markers) {
      if (m.atSec < this.start || m.atSec > this.end) continue;
      const x = Math.round(this.x(m.atSec, width)) + 0.5;
      ctx.fillStyle = MARKER_COLOR;
      ctx.beginPath();
      ctx.moveTo(x, height - 1);
      ctx.lineTo(x - 5, height - 7);
      ctx.lineTo(x, height - 13);
      ctx.lineTo(x + 5, height - 7);
      ctx.closePath();
      ctx.fill();
      if (m.label) ctx.fillText(m.label, x + 8, height / 2 + 0.5);
    }
  }

  private drawTint(): void {
    const ctx = sizeCanvas(this.tint);
    if (!ctx) return;
    const width = this.tint.clientWidth;
    const height = this.tint.clientHeight;
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
