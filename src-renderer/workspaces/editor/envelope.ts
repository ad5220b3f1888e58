import type { EditEffect, GainPoint } from '../../../src-main/contract';
import { CanvasSize } from './overlays';
import { SAMPLE_RATE } from './samples';

/**
 * The gain envelope over the waveform (the G key): a line of the edit's gain in dB, drawn from the
 * document's gain effects, with their points. With the mode on, a click adds a point, a drag moves
 * one (in time and in dB), a double-click or Delete removes the selected one. Each gesture goes to
 * main on release as one `envelope` operation (one step of the history): an envelope edited in
 * place replaces itself (`replaces`), a new one starts with its second point (main wants two).
 *
 * The line is the sum of every gain effect at each instant (what the render applies: gains in dB
 * add up); a point sits on the line, and moving it changes its own envelope by as much.
 */

/** The dB shown at the top and at the bottom of the waveform; a point stays between them. */
export const TOP_DB = 12;
export const BOTTOM_DB = -48;
/** A press this near a point (in pixels) takes the point. */
const HIT_PX = 7;
const LINE_COLOR = '#c2410c';
const POINT_COLOR = '#c2410c';
const SELECTED_COLOR = '#7c2d12';
const FONT = '600 11px "Be Vietnam Pro", system-ui, sans-serif';

export interface EnvelopeCallbacks {
  /**
   * A new envelope (`replaces` null), or the points of the envelope `replaces` after an edit;
   * settles once main has answered (the document then comes back through `setDocument`).
   */
  apply(points: GainPoint[], replaces: string | null): Promise<unknown>;
  /** The envelope `id` lost all but one of its points: it goes. */
  remove(id: string): Promise<unknown>;
}

interface Env {
  /** The effect's id; `draft` for a new envelope of one point, not sent yet. */
  id: string;
  points: GainPoint[];
}

/** An envelope's gain at sample `x` in dB: linear between points, 0 dB outside its first and last. */
export function envelopeDb(points: readonly GainPoint[], x: number): number {
  const n = points.length;
  if (n < 2 || x < points[0]!.at || x >= points[n - 1]!.at) return 0;
  for (let i = 0; i < n - 1; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    if (x >= p.at && x < q.at) return p.gainDb + ((q.gainDb - p.gainDb) * (x - p.at)) / (q.at - p.at);
  }
  return 0;
}

export function dbToY(db: number, height: number): number {
  return ((TOP_DB - db) / (TOP_DB - BOTTOM_DB)) * height;
}

export function yToDb(y: number, height: number): number {
  const db = TOP_DB - (y / height) * (TOP_DB - BOTTOM_DB);
  return Math.round(Math.max(BOTTOM_DB, Math.min(TOP_DB, db)) * 10) / 10;
}

export class EnvelopeEditor {
  private readonly size: CanvasSize;
  private effects: Env[] = [];
  private draft: GainPoint[] = [];
  /** What was sent and is not back in the document yet: shown meanwhile. */
  private pending: { replaces: string | null; points: GainPoint[] | null } | null = null;
  private on = false;
  /** Whether the canvas holds a drawing (it is cleared once when the mode goes off). */
  private inked = false;
  private start = 0;
  private end = 1;
  /** Samples in the edit. */
  private length = 0;
  private selected: { id: string; index: number } | null = null;
  private drag: {
    id: string;
    index: number;
    points: GainPoint[];
    moved: boolean;
    x: number;
    y: number;
  } | null = null;
  private readonly onKey = (e: KeyboardEvent) => this.key(e);

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly cb: EnvelopeCallbacks,
    private readonly formatDb: (db: number) => string,
  ) {
    this.size = new CanvasSize(canvas, () => this.draw(this.start, this.end));
    canvas.dataset.state = '';
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', () => {
      this.drag = null;
      this.draw(this.start, this.end);
    });
    canvas.addEventListener('dblclick', (e) => this.doubleClick(e));
    // Before the editor's own keys (capture): Delete removes a point here, not the selected audio.
    window.addEventListener('keydown', this.onKey, true);
  }

  get isOn(): boolean {
    return this.on;
  }

  setOn(on: boolean): void {
    this.on = on;
    this.canvas.style.pointerEvents = on ? 'auto' : 'none';
    this.canvas.style.cursor = on ? 'crosshair' : '';
    this.canvas.dataset.state = on ? 'on' : '';
    if (!on) {
      this.draft = [];
      this.selected = null;
      this.drag = null;
    }
    this.draw(this.start, this.end);
  }

  /** The document's effects (its gain effects are the envelopes) and its length in samples. */
  setDocument(effects: EditEffect[], length: number): void {
    this.effects = effects.flatMap((e) => (e.kind === 'gain' ? [{ id: e.id, points: e.points }] : []));
    this.length = length;
    this.pending = null;
    this.selected = null;
    this.canvas.dataset.envelopes = String(this.effects.length);
    this.draw(this.start, this.end);
  }

  /** Draws what is on screen of `[start, end)` seconds (on every scroll and zoom). */
  draw(start: number, end: number): void {
    this.start = start;
    this.end = Math.max(end, start + 1e-9);
    // Off: cleared once, then left alone (a canvas touched every frame is sent on every frame).
    if (!this.on && !this.inked) return;
    const ctx = this.size.context();
    this.inked = this.on;
    if (!ctx || !this.on) return;
    const { width, height } = this.size;
    const envs = this.shown();
    // 0 dB, for reference.
    ctx.strokeStyle = 'rgba(194, 65, 12, 0.25)';
    ctx.setLineDash([3, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    const zero = Math.round(dbToY(0, height)) + 0.5;
    ctx.moveTo(0, zero);
    ctx.lineTo(width, zero);
    ctx.stroke();
    ctx.setLineDash([]);
    // The line: the sum of the envelopes, a value a pixel (and at each point, both sides of it).
    const xs = new Set<number>();
    for (let x = 0; x <= width; x++) xs.add(x);
    for (const e of envs) for (const p of e.points) xs.add(this.xOf(p.at, width));
    const cols = [...xs].filter((x) => x >= -1 && x <= width + 1).sort((a, b) => a - b);
    ctx.strokeStyle = LINE_COLOR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    cols.forEach((x, i) => {
      const at = this.atOf(x, width);
      const y = dbToY(this.totalDb(envs, at), height);
      const before = dbToY(this.totalDb(envs, at - 1e-6), height);
      if (i === 0) ctx.moveTo(x, y);
      else {
        ctx.lineTo(x, before);
        ctx.lineTo(x, y);
      }
    });
    ctx.stroke();
    // The points, on the line; the selected one filled darker, with its level.
    ctx.font = FONT;
    ctx.textBaseline = 'bottom';
    for (const e of envs) {
      e.points.forEach((p, index) => {
        const x = this.xOf(p.at, width);
        if (x < -HIT_PX || x > width + HIT_PX) return;
        const y = dbToY(this.pointDb(envs, e, index), height);
        const sel = this.isSelected(e.id, index);
        ctx.fillStyle = sel ? SELECTED_COLOR : '#fff';
        ctx.strokeStyle = POINT_COLOR;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(x, y, sel ? 5.5 : 4.5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
        if (sel) {
          const label = this.formatDb(p.gainDb);
          ctx.fillStyle = SELECTED_COLOR;
          const w = ctx.measureText(label).width;
          ctx.fillText(label, Math.min(width - w - 2, Math.max(2, x - w / 2)), Math.max(14, y - 8));
        }
      });
    }
  }

  destroy(): void {
    window.removeEventListener('keydown', this.onKey, true);
    this.size.disconnect();
  }

  // ---- What is shown ----------------------------------------------------------------------------

  /** The document's envelopes, with what is being dragged or was just sent in their place. */
  private shown(): Env[] {
    let envs = this.effects;
    const p = this.pending;
    if (p) {
      envs = envs.filter((e) => e.id !== p.replaces);
      if (p.points) envs = [...envs, { id: p.replaces ?? 'pending', points: p.points }];
    }
    const d = this.drag;
    if (d) envs = envs.map((e) => (e.id === d.id ? { id: e.id, points: d.points } : e));
    if (this.draft.length > 0 && !envs.some((e) => e.id === 'draft'))
      envs = [...envs, { id: 'draft', points: d?.id === 'draft' ? d.points : this.draft }];
    return envs;
  }

  private totalDb(envs: Env[], at: number): number {
    let db = 0;
    for (const e of envs) db += envelopeDb(e.points, at);
    return db;
  }

  /** Where a point is drawn: its own gain, plus what the other envelopes add there. */
  private pointDb(envs: Env[], env: Env, index: number): number {
    const p = env.points[index]!;
    let db = p.gainDb;
    for (const e of envs) if (e !== env) db += envelopeDb(e.points, p.at);
    return db;
  }

  private isSelected(id: string, index: number): boolean {
    const s = this.drag ?? this.selected;
    return !!s && s.id === id && s.index === index;
  }

  private xOf(at: number, width: number): number {
    return ((at / SAMPLE_RATE - this.start) / (this.end - this.start)) * width;
  }

  private atOf(x: number, width: number): number {
    return (this.start + (x / width) * (this.end - this.start)) * SAMPLE_RATE;
  }

  private sampleAt(x: number): number {
    const at = Math.round(this.atOf(x, this.size.width));
    return Math.max(0, Math.min(this.length, at));
  }

  private hit(x: number, y: number): { env: Env; index: number } | null {
    const envs = this.shown();
    const { width, height } = this.size;
    let best: { env: Env; index: number; d: number } | null = null;
    for (const env of envs) {
      env.points.forEach((p, index) => {
        const d = Math.hypot(this.xOf(p.at, width) - x, dbToY(this.pointDb(envs, env, index), height) - y);
        if (d <= HIT_PX && (!best || d < best.d)) best = { env, index, d };
      });
    }
    return best;
  }

  // ---- Gestures ---------------------------------------------------------------------------------

  private local(e: PointerEvent | MouseEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private down(e: PointerEvent): void {
    if (!this.on || e.button !== 0) return;
    e.preventDefault();
    const { x, y } = this.local(e);
    const h = this.hit(x, y);
    if (h) {
      this.canvas.setPointerCapture(e.pointerId);
      this.selected = { id: h.env.id, index: h.index };
      this.drag = {
        id: h.env.id,
        index: h.index,
        points: h.env.points.map((p) => ({ ...p })),
        moved: false,
        x,
        y,
      };
      this.draw(this.start, this.end);
      return;
    }
    this.add(x, y);
  }

  /** A click away from every point: a point on the envelope there, or on a new one. */
  private add(x: number, y: number): void {
    const at = this.sampleAt(x);
    const envs = this.shown();
    const target = envs.find(
      (env) => env.id !== 'draft' && at > env.points[0]!.at && at < env.points[env.points.length - 1]!.at,
    );
    const total = yToDb(y, this.size.height);
    if (target) {
      const others = this.totalDb(envs, at) - envelopeDb(target.points, at);
      const points = [...target.points, { at, gainDb: clampDb(total - others) }].sort((a, b) => a.at - b.at);
      this.send(target.id, points);
      return;
    }
    const others = this.totalDb(
      envs.filter((env) => env.id !== 'draft'),
      at,
    );
    const draft = [...this.draft, { at, gainDb: clampDb(total - others) }].sort((a, b) => a.at - b.at);
    if (draft.some((p, i) => i > 0 && p.at === draft[i - 1]!.at)) return;
    this.draft = draft;
    this.selected = { id: 'draft', index: draft.findIndex((p) => p.at === at) };
    if (draft.length >= 2) {
      this.draft = [];
      this.send(null, draft);
      return;
    }
    this.draw(this.start, this.end);
  }

  private move(e: PointerEvent): void {
    const d = this.drag;
    if (!d) return;
    const { x, y } = this.local(e);
    if (!d.moved && Math.hypot(x - d.x, y - d.y) < 3) return;
    d.moved = true;
    const pts = d.points;
    // A point stays between its neighbours in time (two may share a sample: a step).
    const lo = d.index > 0 ? pts[d.index - 1]!.at : 0;
    const hi = d.index < pts.length - 1 ? pts[d.index + 1]!.at : this.length;
    const at = Math.max(lo, Math.min(hi, this.sampleAt(x)));
    const env = this.shown().filter((env) => env.id !== d.id);
    const others = this.totalDb(env, at);
    pts[d.index] = { at, gainDb: clampDb(yToDb(y, this.size.height) - others) };
    this.draw(this.start, this.end);
  }

  private up(e: PointerEvent): void {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (!d.moved) {
      this.draw(this.start, this.end);
      return;
    }
    if (d.id === 'draft') {
      this.draft = d.points;
      this.draw(this.start, this.end);
      return;
    }
    const pts = d.points;
    // The ends may not meet: an envelope has a length.
    if (pts[0]!.at >= pts[pts.length - 1]!.at) {
      this.draw(this.start, this.end);
      return;
    }
    this.send(d.id, pts);
  }

  private doubleClick(e: MouseEvent): void {
    if (!this.on) return;
    const { x, y } = this.local(e);
    const h = this.hit(x, y);
    if (h) this.removePoint(h.env.id, h.index);
  }

  private key(e: KeyboardEvent): void {
    if (!this.on || !this.selected || (e.key !== 'Delete' && e.key !== 'Backspace')) return;
    const t = e.target as HTMLElement | null;
    if (
      t &&
      (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)
    )
      return;
    e.preventDefault();
    e.stopImmediatePropagation();
    this.removePoint(this.selected.id, this.selected.index);
  }

  private removePoint(id: string, index: number): void {
    this.selected = null;
    if (id === 'draft') {
      this.draft = this.draft.filter((_, i) => i !== index);
      this.draw(this.start, this.end);
      return;
    }
    const env = this.shown().find((x) => x.id === id);
    if (!env) return;
    const points = env.points.filter((_, i) => i !== index);
    if (points.length >= 2 && points[0]!.at < points[points.length - 1]!.at) this.send(id, points);
    else {
      const pending = { replaces: id, points: null };
      this.pending = pending;
      this.draw(this.start, this.end);
      this.settle(pending, this.cb.remove(id));
    }
  }

  private send(replaces: string | null, points: GainPoint[]): void {
    const pending = { replaces, points };
    this.pending = pending;
    this.selected = null;
    this.draw(this.start, this.end);
    this.settle(pending, this.cb.apply(points, replaces));
  }

  /**
   * Once main has answered: the document has come back (and replaced what was pending), or the
   * operation failed and the envelope is shown as it is again.
   */
  private settle(pending: EnvelopeEditor['pending'], done: Promise<unknown>): void {
    const clear = () =>
      requestAnimationFrame(() => {
        if (this.pending !== pending) return;
        this.pending = null;
        this.draw(this.start, this.end);
      });
    done.then(clear, clear);
  }
}

function clampDb(db: number): number {
  return Math.round(Math.max(-60, Math.min(24, db)) * 10) / 10;
}
