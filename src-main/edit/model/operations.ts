/**
 * Operations: pure functions from one edit list to the next, and their labels for the history list.
 * `applyOp` never mutates its input and never asks anything of the outside world, so replaying the
 * history gives the same document (with the same ids) on every machine, every time.
 */
import {
  StudioError,
  type EditDocument,
  type EditEffect,
  type EditOp,
  type EditSegment,
  type FadeCurve,
  type GainPoint,
} from '../../contract';
import {
  deleteRange,
  documentLength,
  effectEnd,
  effectStart,
  insertClips,
  normaliseEffects,
  sortLabels,
  splitClipsAt,
  takeId,
} from './timeline';
import { formatDb, formatNumberVi, formatRange, formatTimecode } from './time';

/** Throws EDIT_RANGE unless `0 ≤ start < end ≤ length`. */
export function checkRange(doc: EditDocument, start: number, end: number, what = 'Đoạn chọn'): void {
  const length = documentLength(doc);
  if (start >= end) {
    throw new StudioError(
      'EDIT_RANGE',
      `${what} ${formatRange(start, end)} không có độ dài: điểm cuối phải sau điểm đầu. Hãy chọn lại.`,
      { start, end, length },
    );
  }
  if (end > length) {
    throw new StudioError(
      'EDIT_RANGE',
      `${what} ${formatRange(start, end)} vượt quá phần âm thanh đang biên tập (dài ${formatTimecode(length)}). ` +
        'Hãy chọn lại trong phạm vi âm thanh.',
      { start, end, length },
    );
  }
}

/** Throws EDIT_RANGE unless `0 ≤ at ≤ length` (or `< length` when `inside`). */
export function checkPosition(doc: EditDocument, at: number, inside = false): void {
  const length = documentLength(doc);
  if (at > length || (inside && (at === 0 || at === length))) {
    throw new StudioError(
      'EDIT_RANGE',
      `Vị trí ${formatTimecode(at)} nằm ngoài phần âm thanh đang biên tập (dài ${formatTimecode(length)}). ` +
        'Hãy đặt con trỏ trong phạm vi âm thanh.',
      { at, length },
    );
  }
}

function notFound(what: string): StudioError {
  return new StudioError(
    'EDIT_RANGE',
    `Không tìm thấy ${what} trong bản biên tập; có thể nó đã bị cắt đi. Hãy tải lại bản biên tập.`,
  );
}

function rampedGainPoints(start: number, end: number, gainDb: number, ramp: number): GainPoint[] {
  const r = Math.max(0, Math.min(ramp, Math.floor((end - start) / 2)));
  if (r === 0) {
    return [
      { at: start, gainDb },
      { at: end, gainDb },
    ];
  }
  return [
    { at: start, gainDb: 0 },
    { at: start + r, gainDb },
    { at: end - r, gainDb },
    { at: end, gainDb: 0 },
  ];
}

/** An effect before it has an id. */
export type EffectSpec = EditEffect extends infer E ? (E extends EditEffect ? Omit<E, 'id'> : never) : never;

function addEffect(doc: EditDocument, effect: EffectSpec): void {
  doc.effects = normaliseEffects([...doc.effects, { ...effect, id: takeId(doc, 'e') } as EditEffect]);
}

/** Applies one operation; returns a new document. Throws EDIT_RANGE for positions outside the audio. */
export function applyOp(input: EditDocument, op: EditOp): EditDocument {
  const doc = structuredClone(input);
  switch (op.type) {
    case 'delete':
      checkRange(doc, op.start, op.end);
      deleteRange(doc, op.start, op.end);
      break;
    case 'trim': {
      checkRange(doc, op.start, op.end);
      const length = documentLength(doc);
      if (op.end < length) deleteRange(doc, op.end, length);
      if (op.start > 0) deleteRange(doc, 0, op.start);
      break;
    }
    case 'insert': {
      checkPosition(doc, op.at);
      if (op.replaceEnd !== undefined) {
        checkRange(doc, op.at, op.replaceEnd, 'Đoạn được thay');
        deleteRange(doc, op.at, op.replaceEnd);
      }
      for (const c of op.clips) {
        if (c.sourceEnd <= c.sourceStart)
          throw new StudioError('EDIT_RANGE', 'Đoạn âm thanh chèn vào không có độ dài.');
      }
      insertClips(doc, op.at, op.clips, op.effects);
      break;
    }
    case 'split':
      checkPosition(doc, op.at, true);
      splitClipsAt(doc, op.at);
      break;
    case 'silence':
      checkRange(doc, op.start, op.end);
      addEffect(doc, { kind: 'silence', start: op.start, end: op.end });
      break;
    case 'gain':
      checkRange(doc, op.start, op.end);
      addEffect(doc, { kind: 'gain', points: rampedGainPoints(op.start, op.end, op.gainDb, op.rampSamples) });
      break;
    case 'envelope': {
      const points = [...op.points].sort((a, b) => a.at - b.at).map((p) => ({ ...p }));
      const first = points[0] as GainPoint;
      const last = points[points.length - 1] as GainPoint;
      checkRange(doc, first.at, last.at, 'Đường âm lượng');
      addEffect(doc, { kind: 'gain', points });
      break;
    }
    case 'fade':
      checkRange(doc, op.start, op.end);
      addEffect(doc, {
        kind: 'fade',
        direction: op.direction,
        curve: op.curve,
        start: op.start,
        end: op.end,
        from: 0,
        to: 1,
      });
      break;
    case 'normalize':
      doc.loudness = op.target ? { ...op.target } : null;
      break;
    case 'normalizeRange':
      checkRange(doc, op.start, op.end);
      addEffect(doc, { kind: 'gain', points: rampedGainPoints(op.start, op.end, op.gainDb, op.rampSamples) });
      break;
    case 'shortenSilences': {
      // Each range is checked against the document as it was; removing from the last keeps the others valid.
      let prevEnd = -1;
      for (const r of op.ranges) {
        if (r.start < prevEnd)
          throw new StudioError('EDIT_RANGE', 'Các khoảng lặng cần rút ngắn chồng lên nhau.');
        checkRange(doc, r.start, r.end, 'Khoảng lặng');
        prevEnd = r.end;
      }
      for (const r of [...op.ranges].reverse()) deleteRange(doc, r.start, r.end);
      break;
    }
    case 'declick':
      checkRange(doc, op.start, op.end);
      addEffect(doc, { kind: 'declick', start: op.start, end: op.end });
      break;
    case 'removeEffect': {
      const before = doc.effects.length;
      doc.effects = doc.effects.filter((e) => e.id !== op.effectId);
      if (doc.effects.length === before) throw notFound('hiệu ứng này');
      break;
    }
    case 'addSegment': {
      checkRange(doc, op.segment.start, op.segment.end, 'Đoạn nội dung');
      doc.segments.push({ id: takeId(doc, 's'), ...op.segment, script: op.segment.script ?? null });
      break;
    }
    case 'updateSegment': {
      const i = doc.segments.findIndex((s) => s.id === op.segmentId);
      if (i < 0) throw notFound('đoạn nội dung này');
      const next: EditSegment = { ...(doc.segments[i] as EditSegment), ...op.patch };
      if (next.script === undefined) next.script = null;
      checkRange(doc, next.start, next.end, 'Đoạn nội dung');
      doc.segments[i] = next;
      break;
    }
    case 'removeSegment': {
      const before = doc.segments.length;
      doc.segments = doc.segments.filter((s) => s.id !== op.segmentId);
      if (doc.segments.length === before) throw notFound('đoạn nội dung này');
      break;
    }
    case 'addMarker':
      checkPosition(doc, op.at);
      doc.markers.push({ id: takeId(doc, 'm'), at: op.at, label: op.label });
      break;
    case 'removeMarker': {
      const before = doc.markers.length;
      doc.markers = doc.markers.filter((m) => m.id !== op.markerId);
      if (doc.markers.length === before) throw notFound('mốc này');
      break;
    }
  }
  sortLabels(doc);
  return doc;
}

/** Replays operations from an initial document. */
export function replay(initial: EditDocument, ops: readonly EditOp[]): EditDocument {
  let doc = initial;
  for (const op of ops) doc = applyOp(doc, op);
  return doc;
}

// ---- Labels ---------------------------------------------------------------------------------------

const CURVE_LABEL: Record<FadeCurve, string> = {
  lin: 'tuyến tính',
  exp: 'hàm mũ',
  log: 'logarit',
  scurve: 'chữ S',
};

const EFFECT_LABEL: Record<EditEffect['kind'], string> = {
  gain: 'âm lượng',
  fade: 'tăng/giảm dần',
  silence: 'im lặng',
  declick: 'khử tiếng lách cách',
};

function lengthOf(op: Extract<EditOp, { type: 'insert' }>): number {
  return op.clips.reduce((n, c) => n + c.sourceEnd - c.sourceStart, 0);
}

/** The Vietnamese line the history list shows for an operation applied to `before`. */
export function labelFor(op: EditOp, before: EditDocument): string {
  switch (op.type) {
    case 'delete':
      return `${op.cut ? 'Cắt' : 'Xoá'} ${formatRange(op.start, op.end)}`;
    case 'trim':
      return `Giữ lại ${formatRange(op.start, op.end)}`;
    case 'insert': {
      const n = lengthOf(op);
      if (op.source === 'paste') {
        return op.replaceEnd === undefined
          ? `Dán tại ${formatTimecode(op.at)} (${formatTimecode(n)})`
          : `Dán đè ${formatRange(op.at, op.replaceEnd)} (${formatTimecode(n)})`;
      }
      return `Chèn "${op.title}" tại ${formatTimecode(op.at)} (${formatTimecode(n)})`;
    }
    case 'split':
      return `Tách tại ${formatTimecode(op.at)}`;
    case 'silence':
      return `Làm im lặng ${formatRange(op.start, op.end)}`;
    case 'gain':
      return `Âm lượng ${formatDb(op.gainDb)} ${formatRange(op.start, op.end)}`;
    case 'envelope': {
      const ats = op.points.map((p) => p.at);
      return `Đường âm lượng (${op.points.length} điểm) ${formatRange(Math.min(...ats), Math.max(...ats))}`;
    }
    case 'fade':
      return `${op.direction === 'in' ? 'Tăng dần' : 'Giảm dần'} (${CURVE_LABEL[op.curve]}) ${formatRange(op.start, op.end)}`;
    case 'normalize':
      return op.target
        ? `Chuẩn hoá độ lớn ${formatNumberVi(op.target.targetLufs)} LUFS (đỉnh ≤ ${formatNumberVi(op.target.truePeakDbtp)} dBTP)`
        : 'Bỏ chuẩn hoá độ lớn';
    case 'normalizeRange':
      return `Chuẩn hoá ${formatRange(op.start, op.end)} về ${formatNumberVi(op.targetLufs)} LUFS (${formatDb(op.gainDb)})`;
    case 'shortenSilences': {
      const removed = op.ranges.reduce((n, r) => n + r.end - r.start, 0);
      return `Rút ngắn ${op.ranges.length} khoảng lặng (bớt ${formatTimecode(removed)})`;
    }
    case 'declick':
      return `Khử tiếng lách cách ${formatRange(op.start, op.end)}`;
    case 'removeEffect': {
      const e = before.effects.find((x) => x.id === op.effectId);
      return e
        ? `Bỏ hiệu ứng ${EFFECT_LABEL[e.kind]} ${formatRange(effectStart(e), effectEnd(e))}`
        : 'Bỏ hiệu ứng';
    }
    case 'addSegment':
      return `Thêm đoạn "${op.segment.title}" (${op.segment.language}) ${formatRange(op.segment.start, op.segment.end)}`;
    case 'updateSegment': {
      const s = before.segments.find((x) => x.id === op.segmentId);
      return `Sửa đoạn "${op.patch.title ?? s?.title ?? ''}"`;
    }
    case 'removeSegment': {
      const s = before.segments.find((x) => x.id === op.segmentId);
      return `Xoá đoạn "${s?.title ?? ''}"`;
    }
    case 'addMarker':
      return `Thêm mốc tại ${formatTimecode(op.at)}`;
    case 'removeMarker': {
      const m = before.markers.find((x) => x.id === op.markerId);
      return m ? `Xoá mốc tại ${formatTimecode(m.at)}` : 'Xoá mốc';
    }
  }
}
