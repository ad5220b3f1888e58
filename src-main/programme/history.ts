/**
 * Undo/redo of a programme: what each change is called in the history (Vietnamese, shown as
 * "Hoàn tác: …" / "Làm lại: …") and the bounded step that records a change.
 */
import type {
  DuckingSettings,
  ProgrammeDocument,
  ProgrammeMetadataPatch,
  ProgrammeOpRequest,
} from '../contract';
import { HISTORY_LIMIT, type ProgrammeHistory } from './schemas';

const quoted = (title: string) => `“${title.trim() || 'không tên'}”`;

function itemTitle(doc: ProgrammeDocument, itemId: string): string {
  return quoted(doc.items.find((i) => i.id === itemId)?.title ?? itemId);
}

function trackName(doc: ProgrammeDocument, trackId: string): string {
  return quoted(doc.tracks.find((t) => t.id === trackId)?.name ?? trackId);
}

/** The label of a `programme.apply` change, from the documents before and after it. */
export function opLabel(op: ProgrammeOpRequest, before: ProgrammeDocument, after: ProgrammeDocument): string {
  switch (op.type) {
    case 'add': {
      const had = new Set(before.items.map((i) => i.id));
      const added = after.items.find((i) => !had.has(i.id));
      return `Thêm mục ${quoted(added?.title ?? op.item.title ?? '')}`;
    }
    case 'update': {
      const title = itemTitle(before, op.itemId);
      const keys = Object.keys(op.patch);
      if (op.patch.source) return `Đưa âm thanh vào mục ${title}`;
      if (op.patch.source === null) return `Bỏ âm thanh khỏi mục ${title}`;
      if (keys.length === 1 && keys[0] === 'start') return `Di chuyển mục ${title}`;
      if (keys.every((k) => k === 'sourceStart' || k === 'sourceEnd')) return `Cắt mục ${title}`;
      if (keys.length === 1 && keys[0] === 'title') return `Đổi tên mục ${title}`;
      return `Sửa mục ${title}`;
    }
    case 'remove':
      return `Xoá mục ${itemTitle(before, op.itemId)}`;
    case 'reorder':
      return `Đổi thứ tự mục ${itemTitle(before, op.itemId)}`;
    case 'addTrack':
      return 'Thêm rãnh giọng đọc';
    case 'updateTrack': {
      const name = trackName(before, op.trackId);
      const keys = Object.keys(op.patch);
      if (keys.length === 1 && op.patch.muted !== undefined)
        return `${op.patch.muted ? 'Tắt tiếng' : 'Bật tiếng'} rãnh ${name}`;
      return `Sửa rãnh ${name}`;
    }
    case 'removeTrack':
      return `Xoá rãnh ${trackName(before, op.trackId)}`;
  }
}

/** The label of a `programme.update` change. */
export function updateLabel(patch: {
  metadata?: ProgrammeMetadataPatch;
  ducking?: Partial<DuckingSettings>;
}): string {
  const metadata = patch.metadata !== undefined && Object.keys(patch.metadata).length > 0;
  const ducking = patch.ducking !== undefined && Object.keys(patch.ducking).length > 0;
  if (ducking && !metadata) return 'Sửa cách giảm nhạc nền';
  if (metadata && !ducking) return 'Sửa thông tin chương trình';
  return 'Sửa thông tin và cách giảm nhạc nền';
}

/** The history after a change from `before` named `label`: one more step back, nothing to redo. */
export function recordChange(
  history: ProgrammeHistory | undefined,
  before: ProgrammeDocument,
  label: string,
  at: string,
): ProgrammeHistory {
  const past = [...(history?.past ?? []), { label, at, document: before }];
  return { past: past.slice(-HISTORY_LIMIT), future: [] };
}
