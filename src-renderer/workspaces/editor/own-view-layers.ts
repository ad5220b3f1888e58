import { SAMPLE_RATE } from './samples';

/**
 * The own view's playhead, selection, scrollbar and pointer (see `own` in wave-controller.ts):
 * while it is on, wavesurfer is hidden and these stand in for its own. They are drawn from the
 * controller's numbers alone (`OwnViewMetrics`), so that nothing is measured on a scroll or a zoom.
 */

export const SELECTION_COLOR = 'rgba(255, 196, 0, 0.28)';
/** A press that moves less than this is a click (seek), not a drag (select). */
export const DRAG_PX = 4;
/** How near a selection's edge a press resizes it, in pixels. */
const EDGE_PX = 5;
/**
 * A drag held past the view's edge scrolls it: each pixel past the edge adds this many pixels a
 * second (at 40 px a sample, 25 px past the edge scrolls 10 samples a second).
 */
const AUTOSCROLL_GAIN = 16;
/** Longest frame an autoscroll step counts, in seconds: a stalled frame does not jump the view. */
const AUTOSCROLL_MAX_STEP = 0.1;

export interface OwnViewMetrics {
  /** The view's width in pixels. */
  width: number;
  /** Its scroll position, in pixels of the whole edit. */
  scrollLeft: number;
  /** The whole edit's width at this zoom (up to billions of pixels). */
  total: number;
  /** The edit's length in seconds. */
  duration: number;
}

/** What the own view reads from the controller and asks of it. */
export interface OwnViewHost {
  metrics(): OwnViewMetrics;
  /** Scrolls to `x` pixels of the whole edit (the controller keeps it in range and draws). */
  scrollTo(x: number): void;
  getTime(): number;
  seek(seconds: number): void;
  /** The person dragged a selection (or resized it). */
  onSelect(startSec: number, endSec: number): void;
}

interface Press {
  /** Where it began, relative to the view, and at what time. */
  x: number;
  t0: number;
  /** The view's left edge on the page, when it began. */
  left: number;
  /** Where the pointer is now, relative to the view (past its edges while autoscrolling). */
  at: number;
  moved: boolean;
  /** When resizing: the selection's edge that stays. */
  fixed: number | null;
}

export class OwnViewLayers {
  private readonly playhead: HTMLDivElement;
  private readonly selection: HTMLDivElement;
  private readonly scrollbar: HTMLDivElement;
  private readonly thumb: HTMLDivElement;
  private on = false;
  /** The selection as shown, in seconds. */
  private range: { start: number; end: number } | null = null;
  /** A press in the own view: what it does (select, resize an edge, or seek). */
  private press: Press | null = null;
  private scrollFrame = 0;

  constructor(
    container: HTMLElement,
    private readonly host: OwnViewHost,
  ) {
    const parent = container.parentElement ?? container;
    this.selection = waveLayer(parent, 'own-selection', {
      background: SELECTION_COLOR,
      borderLeft: '2px solid rgba(190, 130, 0, 0.9)',
      borderRight: '2px solid rgba(190, 130, 0, 0.9)',
      boxSizing: 'border-box',
      zIndex: '3',
    });
    this.playhead = waveLayer(parent, 'own-playhead', { width: '2px', background: '#d9342b', zIndex: '5' });
    this.scrollbar = document.createElement('div');
    this.thumb = document.createElement('div');
    this.initScrollbar(parent);
    this.initPointer(container);
  }

  /** A press is under way: the view stays where the person holds it (no following the playhead). */
  get pressing(): boolean {
    return this.press !== null;
  }

  /** Shows the scrollbar (the playhead and selection show at the next `draw`), or hides all. */
  setOn(on: boolean): void {
    this.on = on;
    this.scrollbar.hidden = !on;
    if (on) return;
    this.playhead.style.display = 'none';
    this.selection.style.display = 'none';
    this.press = null;
    this.stopAutoscroll();
  }

  setSelection(range: { start: number; end: number } | null): void {
    this.range = range;
    if (this.on) this.drawSelection();
  }

  draw(): void {
    this.drawPlayhead();
    this.drawSelection();
    this.drawScrollbar();
  }

  drawPlayhead(): void {
    const el = this.playhead;
    const m = this.host.metrics();
    const x = xOf(m, this.host.getTime());
    if (x < -2 || x > m.width + 2) {
      el.style.display = 'none';
      return;
    }
    el.style.display = '';
    el.style.transform = `translateX(${x - 1}px)`;
  }

  destroy(): void {
    this.stopAutoscroll();
    this.playhead.remove();
    this.selection.remove();
    this.scrollbar.remove();
  }

  /** The scrollbar: a track the width of the view and a thumb at least 24 px wide. */
  private initScrollbar(parent: HTMLElement): void {
    const { scrollbar, thumb } = this;
    scrollbar.className = 'wave-scrollbar';
    scrollbar.dataset.testid = 'wave-scrollbar';
    scrollbar.setAttribute('role', 'scrollbar');
    scrollbar.setAttribute('aria-orientation', 'horizontal');
    scrollbar.setAttribute('aria-valuemin', '0');
    scrollbar.setAttribute('aria-valuemax', '100');
    scrollbar.hidden = true;
    thumb.className = 'wave-scrollbar-thumb';
    scrollbar.appendChild(thumb);
    parent.appendChild(scrollbar);
    let drag: { x: number; scroll: number } | null = null;
    scrollbar.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.on) return;
      e.preventDefault();
      const m = this.host.metrics();
      const { left: x0, width } = scrollbarGeometry(m);
      const x = e.offsetX;
      if (e.target === thumb || (x >= x0 && x <= x0 + width)) {
        drag = { x: e.clientX, scroll: m.scrollLeft };
        scrollbar.setPointerCapture(e.pointerId);
      } else {
        // A press on the track pages towards it.
        this.host.scrollTo(m.scrollLeft + (x < x0 ? -m.width : m.width) * 0.9);
      }
    });
    scrollbar.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const m = this.host.metrics();
      const { width } = scrollbarGeometry(m);
      const room = Math.max(1, m.width - width);
      this.host.scrollTo(drag.scroll + ((e.clientX - drag.x) / room) * (m.total - m.width));
    });
    const end = (e: PointerEvent) => {
      if (!drag) return;
      drag = null;
      scrollbar.releasePointerCapture(e.pointerId);
    };
    scrollbar.addEventListener('pointerup', end);
    scrollbar.addEventListener('pointercancel', end);
  }

  private drawScrollbar(): void {
    const m = this.host.metrics();
    const { left, width } = scrollbarGeometry(m);
    this.thumb.style.width = `${width}px`;
    this.thumb.style.transform = `translateX(${left}px)`;
    const span = m.total - m.width;
    this.scrollbar.setAttribute('aria-valuenow', span > 0 ? ((m.scrollLeft / span) * 100).toFixed(4) : '0');
  }

  private drawSelection(): void {
    const el = this.selection;
    const r = this.range;
    if (!r) {
      el.style.display = 'none';
      return;
    }
    const m = this.host.metrics();
    const x0 = xOf(m, r.start);
    const x1 = xOf(m, r.end);
    if (x1 < -2 || x0 > m.width + 2) {
      el.style.display = 'none';
      return;
    }
    // Clipped to the view a little beyond its edges (a selection may be billions of pixels wide).
    const a = Math.max(-4, x0);
    const b = Math.min(m.width + 4, x1);
    el.style.display = '';
    el.style.transform = `translateX(${a}px)`;
    el.style.width = `${Math.max(2, b - a)}px`;
  }

  /**
   * A press and drag selects (or, on a selection's edge, resizes it), a click moves the playhead:
   * what wavesurfer and its regions do in their own view. A drag held past the view's left or right
   * edge scrolls the view that way, and the selection follows to the edge.
   */
  private initPointer(container: HTMLElement): void {
    container.addEventListener('pointerdown', (e) => {
      if (!this.on || e.button !== 0) return;
      const left = container.getBoundingClientRect().left;
      const x = e.clientX - left;
      const m = this.host.metrics();
      let fixed: number | null = null;
      const r = this.range;
      if (r) {
        if (Math.abs(x - xOf(m, r.start)) <= EDGE_PX) fixed = r.end;
        else if (Math.abs(x - xOf(m, r.end)) <= EDGE_PX) fixed = r.start;
      }
      this.press = { x, left, t0: timeAtX(m, x), at: x, moved: fixed !== null, fixed };
      container.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    container.addEventListener('pointermove', (e) => {
      const p = this.press;
      if (!p) return;
      const x = e.clientX - p.left;
      if (!p.moved && Math.abs(x - p.x) < DRAG_PX) return;
      p.moved = true;
      p.at = x;
      this.extend(p);
      if (!this.scrollFrame && this.pastEdge(p) !== 0) this.autoscroll(p);
    });
    const end = (e: PointerEvent) => {
      const p = this.press;
      if (!p) return;
      this.press = null;
      this.stopAutoscroll();
      container.releasePointerCapture(e.pointerId);
      if (!p.moved) {
        // At this zoom a click means a sample: the playhead goes to the nearest one.
        this.host.seek(Math.round(p.t0 * SAMPLE_RATE) / SAMPLE_RATE);
        return;
      }
      const r = this.range;
      if (r && r.end > r.start) this.host.onSelect(r.start, r.end);
    };
    container.addEventListener('pointerup', end);
    container.addEventListener('pointercancel', end);
  }

  /** The selection from the press to the pointer; past an edge, to the edge the view scrolls at. */
  private extend(p: Press): void {
    const m = this.host.metrics();
    const anchor = p.fixed ?? p.t0;
    const t = timeAtX(m, Math.max(0, Math.min(m.width, p.at)));
    this.range = { start: Math.min(anchor, t), end: Math.max(anchor, t) };
    this.drawSelection();
  }

  /** How far the pointer is past the view's left (negative) or right edge, in pixels. */
  private pastEdge(p: Press): number {
    const { width } = this.host.metrics();
    return p.at < 0 ? p.at : p.at > width ? p.at - width : 0;
  }

  /** Scrolls a frame at a time, by how far the pointer is past the edge, until it comes back or lets go. */
  private autoscroll(p: Press): void {
    let last = performance.now();
    const step = (now: number) => {
      const past = this.press === p ? this.pastEdge(p) : 0;
      if (past === 0) {
        this.scrollFrame = 0;
        return;
      }
      const dt = Math.min(AUTOSCROLL_MAX_STEP, Math.max(0, now - last) / 1000);
      last = now;
      this.host.scrollTo(this.host.metrics().scrollLeft + past * AUTOSCROLL_GAIN * dt);
      this.extend(p);
      this.scrollFrame = requestAnimationFrame(step);
    };
    this.scrollFrame = requestAnimationFrame(step);
  }

  private stopAutoscroll(): void {
    cancelAnimationFrame(this.scrollFrame);
    this.scrollFrame = 0;
  }
}

/**
 * A layer over the waveform, hidden until drawn, that the pointer goes through. Its own compositing
 * layer: following the pointer or a scroll moves it without repainting the page.
 */
export function waveLayer(
  parent: HTMLElement,
  testId: string | null,
  style: Partial<CSSStyleDeclaration>,
): HTMLDivElement {
  const el = document.createElement('div');
  if (testId) el.dataset.testid = testId;
  el.setAttribute('aria-hidden', 'true');
  Object.assign(el.style, {
    position: 'absolute',
    top: '0',
    left: '0',
    height: '180px',
    pointerEvents: 'none',
    display: 'none',
    willChange: 'transform',
    ...style,
  });
  parent.appendChild(el);
  return el;
}

function scrollbarGeometry(m: OwnViewMetrics): { left: number; width: number } {
  const width = Math.min(m.width, Math.max(24, (m.width / m.total) * m.width));
  const room = m.width - width;
  const span = m.total - m.width;
  return { left: span > 0 ? (m.scrollLeft / span) * room : 0, width };
}

/** The x of a time in the view (may be off screen). */
function xOf(m: OwnViewMetrics, t: number): number {
  return t * (m.total / Math.max(1e-9, m.duration)) - m.scrollLeft;
}

function timeAtX(m: OwnViewMetrics, x: number): number {
  const t = (m.scrollLeft + x) / (m.total / Math.max(1e-9, m.duration));
  return Math.max(0, Math.min(m.duration, t));
}
