/**
 * Operations: pure functions from one edit list to the next, and their labels for the history list.
 * `applyOp` never mutates its input and never asks anything of the outside world, so replaying the
 * history gives the same document (with the same ids) on every machine, every time.
 */
import {
  StudioError,
  type EditDocument,
  type EditEffect,
  type EditEffectKind,
  type EditOp,
  type EditStep,
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
import { formatDb, formatNumberVi, formatRange, formatTimecode } from '../../audio/time';

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
      if (op.replaces !== undefined) {
        // An envelope edited in place: the old one goes in the same step.
        const before = doc.effects.length;
        doc.effects = doc.effects.filter((e) => !(e.id === op.replaces && e.kind === 'gain'));
        if (doc.effects.length === before) throw notFound('đường âm lượng này');
      }
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
    case 'renameMarker': {
      const m = doc.markers.find((x) => x.id === op.markerId);
      if (!m) throw notFound('mốc này');
      m.label = op.label;
      break;
    }
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

// ---- Steps and labels -----------------------------------------------------------------------------

function lengthOf(op: Extract<EditOp, { type: 'insert' }>): number {
  return op.clips.reduce((n, c) => n + c.sourceEnd - c.sourceStart, 0);
}

/**
 * What an operation applied to `before` does, as data for the history list: each UI words it in
 * its own language (the renderer through i18n, `stepLabel` in Vietnamese for the CLI and logs).
 */
export function describeOp(op: EditOp, before: EditDocument): EditStep {
  switch (op.type) {
    case 'delete':
      return { type: 'delete', cut: op.cut, start: op.start, end: op.end };
    case 'trim':
    case 'silence':
    case 'declick':
      return { type: op.type, start: op.start, end: op.end };
    case 'insert':
      return {
        type: 'insert',
        source: op.source,
        title: op.title,
        at: op.at,
        replaceEnd: op.replaceEnd ?? null,
        length: lengthOf(op),
      };
    case 'split':
      return { type: 'split', at: op.at };
    case 'gain':
      return { type: 'gain', start: op.start, end: op.end, gainDb: op.gainDb };
    case 'envelope': {
      const ats = op.points.map((p) => p.at);
      return { type: 'envelope', start: Math.min(...ats), end: Math.max(...ats), points: op.points.length };
    }
    case 'fade':
      return { type: 'fade', direction: op.direction, curve: op.curve, start: op.start, end: op.end };
    case 'normalize':
      return { type: 'normalize', target: op.target ? { ...op.target } : null };
    case 'normalizeRange':
      return {
        type: 'normalizeRange',
        start: op.start,
        end: op.end,
        targetLufs: op.targetLufs,
        gainDb: op.gainDb,
      };
    case 'shortenSilences':
      return {
        type: 'shortenSilences',
        count: op.ranges.length,
        removed: op.ranges.reduce((n, r) => n + r.end - r.start, 0),
      };
    case 'removeEffect': {
      const e = before.effects.find((x) => x.id === op.effectId);
      return {
        type: 'removeEffect',
        effect: e ? { kind: e.kind, start: effectStart(e), end: effectEnd(e) } : null,
      };
    }
    case 'addSegment':
      return {
        type: 'addSegment',
        title: op.segment.title,
        language: op.segment.language,
        start: op.segment.start,
        end: op.segment.end,
      };
    case 'updateSegment': {
      const s = before.segments.find((x) => x.id === op.segmentId);
      return { type: 'updateSegment', title: op.patch.title ?? s?.title ?? '' };
    }
    case 'removeSegment': {
      const s = before.segments.find((x) => x.id === op.segmentId);
      return { type: 'removeSegment', title: s?.title ?? '' };
    }
    case 'addMarker':
      return { type: 'addMarker', at: op.at, label: op.label };
    case 'renameMarker': {
      const m = before.markers.find((x) => x.id === op.markerId);
      return { type: 'renameMarker', at: m?.at ?? null, label: op.label, previous: m?.label ?? '' };
    }
    case 'removeMarker': {
      const m = before.markers.find((x) => x.id === op.markerId);
      return { type: 'removeMarker', at: m?.at ?? null, label: m?.label ?? '' };
    }
  }
}

const CURVE_LABEL: Record<FadeCurve, string> = {
  lin: 'tuyến tính',
  exp: 'hàm mũ',
  log: 'logarit',
  scurve: 'chữ S',
};

const EFFECT_LABEL: Record<EditEffectKind, string> = {
  gain: 'âm lượng',
  fade: 'tăng/giảm dần',
  silence: 'im lặng',
  declick: 'khử tiếng lách cách',
};

/** A step in Vietnamese, as the CLI and the logs show it: "Cắt 00:01.250–00:03.000". */
export function stepLabel(step: EditStep): string {
  switch (step.type) {
    case 'delete':
      return `${step.cut ? 'Cắt' : 'Xoá'} ${formatRange(step.start, step.end)}`;
    case 'trim':
      return `Giữ lại ${formatRange(step.start, step.end)}`;
    case 'insert': {
      const n = formatTimecode(step.length);
      if (step.source === 'paste') {
        return step.replaceEnd === null
          ? `Dán tại ${formatTimecode(step.at)} (${n})`
          : `Dán đè ${formatRange(step.at, step.replaceEnd)} (${n})`;
      }
      return `Chèn "${step.title}" tại ${formatTimecode(step.at)} (${n})`;
    }
    case 'split':
      return `Tách tại ${formatTimecode(step.at)}`;
    case 'silence':
      return `Làm im lặng ${formatRange(step.start, step.end)}`;
    case 'gain':
      return `Âm lượng ${formatDb(step.gainDb)} ${formatRange(step.start, step.end)}`;
    case 'envelope':
      return `Đường âm lượng (${step.points} điểm) ${formatRange(step.start, step.end)}`;
    case 'fade':
      return `${step.direction === 'in' ? 'Tăng dần' : 'Giảm dần'} (${CURVE_LABEL[step.curve]}) ${formatRange(step.start, step.end)}`;
    case 'normalize':
      return step.target
        ? `Chuẩn hoá độ lớn ${formatNumberVi(step.target.targetLufs)} LUFS (đỉnh ≤ ${formatNumberVi(step.target.truePeakDbtp)} dBTP)`
        : 'Bỏ chuẩn hoá độ lớn';
    case 'normalizeRange':
      return `Chuẩn hoá ${formatRange(step.start, step.end)} về ${formatNumberVi(step.targetLufs)} LUFS (${formatDb(step.gainDb)})`;
    case 'shortenSilences':
      return `Rút ngắn ${step.count} khoảng lặng (bớt ${formatTimecode(step.removed)})`;
    case 'declick':
      return `Khử tiếng lách cách ${formatRange(step.start, step.end)}`;
    case 'removeEffect':
      return step.effect
        ? `Bỏ hiệu ứng ${EFFECT_LABEL[step.effect.kind]} ${formatRange(step.effect.start, step.effect.end)}`
        : 'Bỏ hiệu ứng';
    case 'addSegment':
      return `Thêm đoạn "${step.title}" (${step.language}) ${formatRange(step.start, step.end)}`;
    case 'updateSegment':
      return `Sửa đoạn "${step.title}"`;
    case 'removeSegment':
      return `Xoá đoạn "${step.title}"`;
    case 'addMarker':
      return `Thêm mốc tại ${formatTimecode(step.at)}`;
    case 'renameMarker': {
      const where = step.at === null ? 'mốc' : `mốc tại ${formatTimecode(step.at)}`;
      return step.label === '' ? `Bỏ tên ${where}` : `Đặt tên ${where}: "${step.label}"`;
    }
    case 'removeMarker':
      return step.at === null ? 'Xoá mốc' : `Xoá mốc tại ${formatTimecode(step.at)}`;
  }
}

/** The Vietnamese line the history keeps for an operation applied to `before`. */
export function labelFor(op: EditOp, before: EditDocument): string {
  return stepLabel(describeOp(op, before));
}
