/**
 * The sandbox's fault modes: what a 4G link and a vendor's server do to a station's uploads, on
 * demand and reproducibly. A spec is a comma-separated list of `mode:value`:
 *
 *   drop-mid-body:P   the connection closes in the middle of a body: an upload's request body
 *                     (what arrived before the cut is kept, so the upload resumes from there),
 *                     else the response's body after the request was carried out
 *   5xx:P             503 with Retry-After: 1, the request not carried out
 *   slow:500ms[@P]    the answer waits that long (ms or s) before it starts
 *   duplicate:P       the request is carried out twice, as by a retrying proxy on the way; the
 *                     client gets the second answer (JSON requests only; an upload body cannot be
 *                     read twice)
 *   expired-token:P   401 with WWW-Authenticate error="invalid_token", as if the token had expired
 *   error-200:P       200 whose JSON body is an error, the request not carried out
 *   seed=N            the seed of the draws (default 1): the same seed and the same requests give
 *                     the same faults
 *
 * P is a probability in [0, 1]. Faults apply to the protocol (`/api/…`), never to the operator's
 * `/sandbox/…` pages. Each request draws once per mode, in the order above; the first of the
 * refusing modes that hits is the one it gets (slow adds to any).
 */

export const FAULT_MODES = [
  'drop-mid-body',
  '5xx',
  'slow',
  'duplicate',
  'expired-token',
  'error-200',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSpec {
  seed: number;
  /** Probability per mode; absent modes never happen. */
  chance: Partial<Record<FaultMode, number>>;
  /** For `slow`: how long an answer waits. */
  slowMs: number;
}

export const NO_FAULTS: FaultSpec = { seed: 1, chance: {}, slowMs: 0 };

/** Parses a spec; a wrong one throws an Error whose message says what is wrong, in Vietnamese. */
export function parseFaultSpec(text: string | undefined): FaultSpec {
  const spec: FaultSpec = { seed: 1, chance: {}, slowMs: 0 };
  if (!text?.trim()) return spec;
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const seed = /^seed=(\d+)$/.exec(part);
    if (seed) {
      spec.seed = Number(seed[1]);
      continue;
    }
    const [mode, value] = part.split(':', 2) as [string, string | undefined];
    if (!(FAULT_MODES as readonly string[]).includes(mode) || value === undefined) {
      throw new Error(
        `Lỗi giả lập "${part}" không hợp lệ: dùng ${FAULT_MODES.map((m) => `${m}:…`).join(', ')} hoặc seed=N.`,
      );
    }
    if (mode === 'slow') {
      const m = /^(\d+(?:\.\d+)?)(ms|s)(?:@(\d*\.?\d+))?$/.exec(value);
      if (!m) throw new Error(`"${part}": thời gian chờ viết như slow:500ms hoặc slow:2s@0.5.`);
      spec.slowMs = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
      spec.chance.slow = probability(m[3] ?? '1', part);
    } else {
      spec.chance[mode as FaultMode] = probability(value, part);
    }
  }
  return spec;
}

function probability(value: string, part: string): number {
  const p = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(p >= 0 && p <= 1)) {
    throw new Error(`"${part}": xác suất phải là số từ 0 đến 1.`);
  }
  return p;
}

/** The faults one request gets. */
export interface FaultDraw {
  /** The refusing or breaking fault, if any. */
  fault: Exclude<FaultMode, 'slow'> | null;
  delayMs: number;
}

/** Draws faults request by request from a seeded generator (mulberry32), one draw per mode. */
export class FaultDice {
  private state: number;

  constructor(readonly spec: FaultSpec) {
    this.state = spec.seed >>> 0;
  }

  get active(): boolean {
    return Object.values(this.spec.chance).some((p) => (p ?? 0) > 0);
  }

  draw(eligible: (mode: FaultMode) => boolean): FaultDraw {
    let fault: FaultDraw['fault'] = null;
    let delayMs = 0;
    for (const mode of FAULT_MODES) {
      const p = this.spec.chance[mode];
      if (p === undefined) continue;
      // Always draw, eligible or not: the sequence depends only on the requests' order.
      const hit = this.next() < p && eligible(mode);
      if (!hit) continue;
      if (mode === 'slow') delayMs = this.spec.slowMs;
      else fault ??= mode;
    }
    return { fault, delayMs };
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
