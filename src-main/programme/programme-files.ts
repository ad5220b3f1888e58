/**
 * Programme files: a programme written to a JSON file (`ProgrammeFile`) and read back, checked, as a
 * new programme. The render reads such a file too (`studio render FILE`).
 */
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  PROGRAMME_FILE_FORMAT,
  PROGRAMME_FILE_VERSION,
  StudioError,
  type ProgrammeDocument,
  type ProgrammeFile,
  type ProgrammeState,
} from '../contract';
import { safeName } from '../platform/safe-name';
import type { WritablePlaces } from '../platform/user-folders';
import { checkFolder, defaultExportsDir } from './output-folder';
import type { ProgrammeService } from './programme-service';
import { partFile } from './render/render-programme';
import { fileHeaderSchema, fileSchema } from './schemas';

export interface ProgrammeFilesDeps {
  dataDir: string;
  programmes: ProgrammeService;
  now?: () => Date;
}

export class ProgrammeFiles {
  private readonly now: () => Date;

  constructor(private readonly deps: ProgrammeFilesDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Writes the programme to a JSON file (`ProgrammeFile`); returns its path. */
  async exportFile(id: string, file?: string, places?: WritablePlaces): Promise<{ file: string }> {
    const document = await this.deps.programmes.document(id);
    let target = file;
    if (target === undefined) {
      const base = safeName(document.metadata.title, 'chuong-trinh');
      const dir = await defaultExportsDir(this.deps.dataDir);
      target = path.join(dir, `${base}.json`);
      for (let i = 2; existsSync(target); i++) target = path.join(dir, `${base}-${i}.json`);
    } else {
      await checkFolder(target);
      await places?.assertMayWrite(target);
    }
    const content: ProgrammeFile = {
      format: PROGRAMME_FILE_FORMAT,
      version: PROGRAMME_FILE_VERSION,
      exportedAt: this.now().toISOString(),
      programmeId: id,
      document,
    };
    const part = partFile(target);
    await writeFile(part, `${JSON.stringify(content, null, 2)}\n`);
    await rename(part, target);
    return { file: target };
  }

  /** Reads and checks an exported programme file. */
  async readFile(file: string): Promise<ProgrammeDocument> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
        throw new StudioError('PROGRAMME_NOT_FOUND', `Không tìm thấy tệp chương trình "${file}".`, { file });
      }
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp "${path.basename(file)}" không phải tệp chương trình của studio (không đọc được nội dung JSON).`,
        { file },
      );
    }
    const header = fileHeaderSchema.safeParse(raw);
    if (!header.success) {
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp "${path.basename(file)}" không phải tệp chương trình của studio. Hãy xuất lại chương trình (Chương trình → Xuất tệp).`,
        { file },
      );
    }
    if (header.data.version > PROGRAMME_FILE_VERSION) {
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp "${path.basename(file)}" được ghi bởi phiên bản studio mới hơn. Hãy cập nhật studio.`,
        { file, version: header.data.version },
      );
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp chương trình "${path.basename(file)}" bị hỏng hoặc đã bị sửa tay sai quy cách, nên không đọc được.`,
        {
          file,
          issues: parsed.error.issues
            .slice(0, 5)
            .map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      );
    }
    return parsed.data.document;
  }

  /** Reads an exported programme file into a new draft made by `createdBy` (null: the local admin). */
  async importFile(file: string, createdBy: string | null): Promise<ProgrammeState> {
    return this.deps.programmes.createFrom(await this.readFile(file), null, createdBy);
  }
}
