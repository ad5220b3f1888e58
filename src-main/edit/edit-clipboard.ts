/**
 * The editor's clipboard: one per person (the key names them), shared by their windows. A range
 * longer than the limit is remembered by its length only, so that a paste can say why it cannot.
 */
import {
  EDIT_CLIPBOARD_MAX_SAMPLES,
  EDIT_SAMPLE_RATE,
  StudioError,
  type EditClipboardInfo,
  type EditClipSpec,
  type EditDocument,
  type EditEffect,
} from '../contract';
import { checkRange, clipsInRange, formatTimecode, sliceEffects } from './model';
import type { StoredProject, StoredSource } from './project-store';

export interface ClipboardContent {
  clips: EditClipSpec[];
  effects: EditEffect[];
  sources: Record<string, StoredSource>;
}

interface Clipboard {
  fromProjectId: string;
  lengthSamples: number;
  /** Null when the range was too long to hold. */
  content: ClipboardContent | null;
}

export class EditClipboard {
  private readonly clipboards = new Map<string, Clipboard>();
  readonly max: number;

  constructor(maxSamples = EDIT_CLIPBOARD_MAX_SAMPLES) {
    this.max = maxSamples;
  }

  private tooLong(length: number, what: string): StudioError {
    return new StudioError(
      'EDIT_CLIPBOARD_TOO_LONG',
      `${what} dài ${formatTimecode(length)}, quá giới hạn ${formatTimecode(this.max)} của bộ nhớ tạm, nên không dán được. ` +
        'Hãy chọn đoạn ngắn hơn rồi sao chép hoặc cắt lại; muốn ghép cả tệp dài, hãy dùng "Chèn tệp".',
      { lengthSamples: length, maxSamples: this.max },
    );
  }

  /**
   * Holds `[start, end)` of a project's document under `key`. Too long: `strict` (a copy) refuses,
   * otherwise (a cut, which goes ahead) only the length is held.
   */
  fill(
    key: string,
    project: StoredProject,
    doc: EditDocument,
    start: number,
    end: number,
    strict: boolean,
  ): EditClipboardInfo {
    const projectId = project.id;
    checkRange(doc, start, end);
    const length = end - start;
    if (length > this.max) {
      if (strict) throw this.tooLong(length, 'Đoạn chọn');
      this.clipboards.set(key, { fromProjectId: projectId, lengthSamples: length, content: null });
    } else {
      const clips = clipsInRange(doc, start, end);
      const sources: Record<string, StoredSource> = {};
      for (const c of clips) {
        const s = project.sources[c.assetId];
        if (s) sources[c.assetId] = s;
      }
      this.clipboards.set(key, {
        fromProjectId: projectId,
        lengthSamples: length,
        content: { clips, effects: sliceEffects(doc.effects, start, end), sources },
      });
    }
    return this.info(key);
  }

  /** What a paste inserts; EDIT_CLIPBOARD_EMPTY or EDIT_CLIPBOARD_TOO_LONG when there is nothing to. */
  content(key: string): ClipboardContent {
    const cb = this.clipboards.get(key);
    if (!cb) throw new StudioError('EDIT_CLIPBOARD_EMPTY');
    if (!cb.content) throw this.tooLong(cb.lengthSamples, 'Đoạn trong bộ nhớ tạm');
    return cb.content;
  }

  info(key: string): EditClipboardInfo {
    const cb = this.clipboards.get(key);
    if (!cb) {
      return {
        empty: true,
        ok: false,
        lengthSamples: 0,
        durationSec: 0,
        fromProjectId: null,
        maxSamples: this.max,
      };
    }
    return {
      empty: false,
      ok: cb.content !== null,
      lengthSamples: cb.lengthSamples,
      durationSec: cb.lengthSamples / EDIT_SAMPLE_RATE,
      fromProjectId: cb.fromProjectId,
      maxSamples: this.max,
    };
  }
}
