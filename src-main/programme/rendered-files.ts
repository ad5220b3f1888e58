/**
 * Rendered programme files the page may play, by media id: every file of a render report handed out
 * (a job's report, a programme's last render). The hosts' media route asks here.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { ProgrammeRenderReport } from '../contract';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class RenderedFiles {
  private readonly known = new Map<string, { file: string; bytes: number }>();

  /**
   * A copy of `report` whose files carry their media id, each registered so that the hosts' media
   * route plays it (`file`). The id is the SHA-256 of the file's path, size and render time: the
   * same shape as an asset id, and the same for the same report after a restart.
   */
  withMedia(report: ProgrammeRenderReport): ProgrammeRenderReport {
    const copy = structuredClone(report);
    for (const f of copy.files) {
      f.mediaId = sha256(`programme-render\n${f.file}\n${f.bytes}\n${copy.renderedAt}`);
      this.known.set(f.mediaId, { file: f.file, bytes: f.bytes });
    }
    return copy;
  }

  /**
   * A rendered file for the hosts' media route (the render report's player): only a file of a
   * report handed out, and only while it is still the file that render wrote (same size);
   * otherwise `null` (the route answers 404).
   */
  file(mediaId: string): string | null {
    const known = this.known.get(mediaId);
    if (!known) return null;
    const info = (() => {
      try {
        return statSync(known.file);
      } catch {
        return null;
      }
    })();
    return info?.isFile() && info.size === known.bytes ? known.file : null;
  }
}
