/** An operation the editor asks for, made ready to apply and to replay. */
import { assetDeleted, detectSilences, measureLoudness, type AudioSources } from '../audio';
import { StudioError, type EditDocument, type EditOp, type EditOpRequest } from '../contract';
import type { Library } from '../media/library';
import type { EditClipboard } from './edit-clipboard';
import type { EditTimelines } from './edit-timelines';
import { formatNumberVi, formatTimecode, msToSamples } from './model';
import type { StoredSource } from './project-store';

export interface ResolveOpDeps {
  library: Library;
  sources: AudioSources;
  clipboard: EditClipboard;
  timelines: EditTimelines;
}

export interface ResolvedOp {
  op?: EditOp;
  /** Sources the operation brings into the project. */
  sources?: Record<string, StoredSource>;
  /** Nothing to change, and why (shown to the user). */
  notice?: string;
}

const GAIN_RAMP_SAMPLES = msToSamples(10);

/**
 * Turns a request into an operation that replays without the outside world: a paste takes the
 * clipboard's clips, an inserted asset its length, a range normalised its measured loudness,
 * shortened silences the ranges found.
 */
export async function resolveOp(
  deps: ResolveOpDeps,
  projectId: string,
  doc: EditDocument,
  r: EditOpRequest,
  clipboardKey: string,
): Promise<ResolvedOp> {
  const { timelines } = deps;
  switch (r.type) {
    case 'cut':
    case 'delete':
      return { op: { type: 'delete', start: r.start, end: r.end, cut: r.type === 'cut' } };
    case 'trim':
    case 'split':
    case 'silence':
    case 'declick':
    case 'removeEffect':
    case 'removeMarker':
    case 'envelope':
      return { op: r };
    case 'addMarker':
    case 'renameMarker':
      return { op: { ...r, label: r.label.normalize('NFC') } };
    case 'fade':
      return { op: { type: 'fade', direction: r.direction, start: r.start, end: r.end, curve: r.curve } };
    case 'gain':
      return {
        op: {
          type: 'gain',
          start: r.start,
          end: r.end,
          gainDb: r.gainDb,
          rampSamples: msToSamples(r.rampMs),
        },
      };
    case 'paste': {
      const content = deps.clipboard.content(clipboardKey);
      for (const id of new Set(content.clips.map((c) => c.assetId))) {
        const asset = deps.library.find(id);
        if (!asset || asset.deletedAt !== null) throw assetDeleted(asset, id);
      }
      return {
        op: {
          type: 'insert',
          at: r.at,
          ...(r.replaceEnd !== undefined ? { replaceEnd: r.replaceEnd } : {}),
          clips: content.clips,
          effects: content.effects,
          source: 'paste',
          title: '',
        },
        sources: content.sources,
      };
    }
    case 'insertAsset': {
      const asset = deps.library.get(r.assetId);
      if (asset.deletedAt !== null) throw assetDeleted(asset, r.assetId);
      const source = await deps.sources.resolve(r.assetId);
      const s = r.sourceStart ?? 0;
      const e = r.sourceEnd ?? source.frames;
      if (s >= e || e > source.frames) {
        throw new StudioError(
          'EDIT_RANGE',
          `Đoạn ${formatTimecode(s)}–${formatTimecode(e)} của "${asset.title}" nằm ngoài tệp (dài ${formatTimecode(source.frames)}). Hãy chọn lại.`,
        );
      }
      return {
        op: {
          type: 'insert',
          at: r.at,
          ...(r.replaceEnd !== undefined ? { replaceEnd: r.replaceEnd } : {}),
          clips: [{ assetId: r.assetId, sourceStart: s, sourceEnd: e }],
          effects: [],
          source: 'asset',
          title: asset.title,
        },
        sources: { [r.assetId]: { title: asset.title, frames: source.frames, channels: source.channels } },
      };
    }
    case 'normalize': {
      if (r.start === undefined && r.end === undefined) {
        return {
          op: {
            type: 'normalize',
            target: r.targetLufs === null ? null : { targetLufs: r.targetLufs, truePeakDbtp: r.truePeakDbtp },
          },
        };
      }
      if (r.targetLufs === null) {
        throw new StudioError(
          'INVALID_REQUEST',
          'Hãy chọn mức độ lớn cần đạt (ví dụ −23 LUFS) cho đoạn chọn.',
        );
      }
      const window = timelines.windowOf(doc, r.start, r.end);
      const measured = await measureLoudness(await timelines.env(), await timelines.timeline(doc, window), {
        onProgress: (fraction) => timelines.progress(projectId, null, 'analysis', fraction),
      });
      if (measured.integratedLufs === null) {
        throw new StudioError(
          'EDIT_RANGE',
          'Đoạn chọn quá ngắn hoặc quá nhỏ tiếng để đo độ lớn (cần ít nhất nửa giây có tiếng). Hãy chọn đoạn dài hơn.',
        );
      }
      const gainDb = Math.max(
        -60,
        Math.min(24, Math.round((r.targetLufs - measured.integratedLufs) * 100) / 100),
      );
      return {
        op: {
          type: 'normalizeRange',
          start: window.start,
          end: window.end,
          targetLufs: r.targetLufs,
          measuredLufs: measured.integratedLufs,
          gainDb,
          rampSamples: GAIN_RAMP_SAMPLES,
        },
      };
    }
    case 'shortenSilences': {
      const window = timelines.windowOf(doc, r.start, r.end);
      const found = await detectSilences(
        await timelines.env(),
        await timelines.timeline(doc, window),
        r.thresholdDb,
        r.minSilenceMs / 1000,
        { onProgress: (fraction) => timelines.progress(projectId, null, 'analysis', fraction) },
      );
      const keep = msToSamples(r.keepMs);
      const head = Math.floor(keep / 2);
      const ranges = found
        .map((s) => ({ start: window.start + s.start + head, end: window.start + s.end - (keep - head) }))
        .filter((s) => s.end > s.start);
      if (ranges.length === 0) {
        return {
          notice:
            `Không tìm thấy khoảng lặng nào dài từ ${formatNumberVi(r.minSilenceMs / 1000)} giây trở lên ` +
            `(dưới ${formatNumberVi(r.thresholdDb)} dB) trong đoạn đã chọn. Không có gì thay đổi.`,
        };
      }
      return {
        op: {
          type: 'shortenSilences',
          thresholdDb: r.thresholdDb,
          minSilenceMs: r.minSilenceMs,
          keepMs: r.keepMs,
          ranges,
        },
      };
    }
  }
}
