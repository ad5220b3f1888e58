import { CanvasSize } from './overlays';
import { formatTick } from './samples';

/** Tick spacings the ruler chooses from, in seconds. */
const STEPS = [
  0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
  15, 30, 60, 120, 300, 600, 900, 1800, 3600,
];

/** The smallest step that leaves at least `px` pixels between two marks. */
export function stepFor(pxPerSec: number, px: number): number {
  return STEPS.find((s) => s * pxPerSec >= px) ?? 3600;
}

/**
 * The time ruler above the waveform: a canvas the width of the view, redrawn for the visible
 * range on every scroll and zoom. It draws only what is on screen, so a 3-hour edit at the deepest
 * zoom costs the same as a short one (wavesurfer's own timeline makes a DOM node per tick).
 */
export class Ruler {
  private start = 0;
  private end = 1;
  private readonly size: CanvasSize;
  /** Colours and font from the stylesheet, read once (not on every frame). */
  private style: { tick: string; text: string; font: string } | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.size = new CanvasSize(canvas, () => this.draw(this.start, this.end));
  }

  /** The time under a pixel of the ruler. */
  timeAt(clientX: number): number {
    const rect = this.canvas.getBoundingClientRect();
    const x = Math.min(rect.width, Math.max(0, clientX - rect.left));
    return this.start + (x / Math.max(1, rect.width)) * (this.end - this.start);
  }

  draw(start: number, end: number): void {
    this.start = start;
    this.end = Math.max(end, start + 1e-6);
    const ctx = this.size.context();
    if (!ctx) return;
    const { width, height } = this.size;
    if (!this.style) {
      const style = getComputedStyle(this.canvas);
      this.style = {
        tick: style.getPropertyValue('--ruler-tick').trim() || '#8894a3',
        text: style.getPropertyValue('--ruler-text').trim() || '#39444f',
        font: `13px ${style.fontFamily}`,
      };
    }
    const pxPerSec = width / (this.end - this.start);
    const tick = stepFor(pxPerSec, 8);
    const label = STEPS.find((s) => s >= tick && s * pxPerSec >= 80 && isMultiple(s, tick)) ?? 3600;
    ctx.strokeStyle = this.style.tick;
    ctx.fillStyle = this.style.text;
    ctx.font = this.style.font;
    ctx.textBaseline = 'top';
    ctx.lineWidth = 1;
    const first = Math.floor(this.start / tick);
    const last = Math.ceil(this.end / tick);
    ctx.beginPath();
    for (let i = first; i <= last; i++) {
      const t = i * tick;
      const x = Math.round((t - this.start) * pxPerSec) + 0.5;
      const major = isMultiple(t, label);
      ctx.moveTo(x, height);
      ctx.lineTo(x, height - (major ? height * 0.55 : height * 0.25));
      if (major) ctx.fillText(formatTick(t, label), x + 3, 2);
    }
    ctx.stroke();
  }

  destroy(): void {
    this.size.disconnect();
  }
}

function isMultiple(value: number, step: number): boolean {
  const q = value / step;
  return Math.abs(q - Math.round(q)) < 1e-6;
}
