/**
 * Turns what went wrong with one file into a StudioError with a stable code and a Vietnamese
 * sentence for station staff: what is wrong with this file and what to do about it.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegMissingError, StudioError } from '../contract';
import { errorLines, parseInputHeader } from '../audio';

const q = (file: string) => `"${path.basename(file)}"`;

/** Endings of audio and video files: a name ending so claims to be one. */
const MEDIA_EXTENSIONS =
  /^\.(wav|wave|mp3|mp2|m4a|mp4|aac|ogg|oga|opus|flac|wma|amr|3gp|3ga|aif|aiff|caf|webm|mkv|mov|avi|mpg|mpeg|ts)$/i;

/**
 * ", dù tên tệp có đuôi .mp3": said only when the name claims audio or video; a text file named
 * .txt is just a text file picked by mistake.
 */
function despiteName(file: string): string {
  const ext = path.extname(file);
  return MEDIA_EXTENSIONS.test(ext) ? `, dù tên tệp có đuôi ${ext.toLowerCase()} như tệp âm thanh` : '';
}

export function fileMissing(file: string): StudioError {
  return new StudioError(
    'MEDIA_UNREADABLE',
    `Không tìm thấy tệp ${q(file)}. Có thể tệp đã bị chuyển, đổi tên hoặc thẻ nhớ/USB đã bị rút; hãy chọn lại tệp.`,
  );
}

export function fileIsDirectory(file: string): StudioError {
  return new StudioError(
    'MEDIA_UNREADABLE',
    `${q(file)} là một thư mục, không phải tệp âm thanh. Hãy mở thư mục và chọn các tệp bên trong.`,
  );
}

export function fileNotPermitted(file: string): StudioError {
  return new StudioError(
    'MEDIA_UNREADABLE',
    `Không có quyền đọc tệp ${q(file)}. Hãy chép tệp vào thư mục của bạn (ví dụ Tài liệu) rồi nhập lại.`,
  );
}

export function fileUnreadable(file: string, reason: string): StudioError {
  return new StudioError(
    'MEDIA_UNREADABLE',
    `Không đọc được tệp ${q(file)}. Hãy kiểm tra ổ đĩa hoặc thẻ nhớ rồi thử lại.`,
    undefined,
    reason,
  );
}

export function fileEmpty(file: string): StudioError {
  return new StudioError(
    'MEDIA_EMPTY',
    `Tệp ${q(file)} trống (0 byte): có thể việc ghi âm hoặc sao chép chưa xong. Hãy chép lại tệp từ máy ghi âm hoặc điện thoại.`,
  );
}

export function noAudioDecoded(file: string): StudioError {
  return new StudioError(
    'MEDIA_EMPTY',
    `Tệp ${q(file)} không có đoạn âm thanh nào (dài 0 giây). Hãy kiểm tra lại bản ghi trên máy ghi âm.`,
  );
}

export function ffmpegMissing(): StudioError {
  return ffmpegMissingError('chưa nhập được âm thanh');
}

export function diskFull(neededBytes?: number): StudioError {
  const need =
    neededBytes === undefined
      ? ''
      : ` Cần thêm khoảng ${Math.max(1, Math.ceil(neededBytes / 1024 ** 2))} MB.`;
  return new StudioError(
    'DISK_FULL',
    `Ổ đĩa chứa thư viện đã đầy nên không chép được tệp vào thư viện.${need} ` +
      'Hãy xoá bớt tệp không cần hoặc chuyển thư mục dữ liệu sang ổ khác, rồi nhập lại. Thư viện không bị ảnh hưởng.',
  );
}

export function cancelled(file: string): StudioError {
  return new StudioError('CANCELLED', `Đã huỷ nhập tệp ${q(file)} theo yêu cầu. Thư viện không thay đổi.`);
}

export function stalled(file: string): StudioError {
  return new StudioError(
    'MEDIA_CORRUPT',
    `Đọc tệp ${q(file)} bị treo quá lâu nên đã dừng. Tệp có thể bị hỏng, hoặc nằm trên ổ mạng/USB quá chậm: hãy chép tệp vào máy rồi nhập lại.`,
  );
}

/** Maps a file-system error (from stat, open, read or write) to a StudioError. */
export function fsError(err: unknown, file: string, side: 'source' | 'library'): StudioError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return diskFull();
  if (side === 'library') {
    return new StudioError(
      'INTERNAL',
      'Không ghi được vào thư mục thư viện. Thư viện không bị ảnh hưởng; hãy mở màn hình Hệ thống để kiểm tra thư mục dữ liệu (còn chỗ trống, ghi được), rồi nhập lại.',
      undefined,
      `${code ?? ''} ${(err as Error | undefined)?.message ?? ''}`,
    );
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') return fileMissing(file);
  if (code === 'EISDIR') return fileIsDirectory(file);
  if (code === 'EACCES' || code === 'EPERM') return fileNotPermitted(file);
  return fileUnreadable(file, code ?? (err as Error | undefined)?.message ?? 'lỗi không rõ');
}

type Sniffed =
  | { kind: 'image'; name: string }
  | { kind: 'document'; name: string }
  | { kind: 'text' }
  | { kind: 'program' }
  | { kind: 'unknown' };

/** Looks at a file's first bytes to say what it is when ffmpeg cannot read it as media. */
export async function sniff(file: string): Promise<Sniffed> {
  let head: Buffer;
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return { kind: 'unknown' };
  }
  const starts = (sig: string | number[], at = 0) => {
    const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
    return head.length >= at + bytes.length && head.subarray(at, at + bytes.length).equals(bytes);
  };
  if (starts([0x89, 0x50, 0x4e, 0x47])) return { kind: 'image', name: 'PNG' };
  if (starts([0xff, 0xd8, 0xff])) return { kind: 'image', name: 'JPEG' };
  if (starts('GIF8')) return { kind: 'image', name: 'GIF' };
  if (starts('RIFF') && starts('WEBP', 8)) return { kind: 'image', name: 'WebP' };
  if (starts('BM') && head.length > 14) return { kind: 'image', name: 'BMP' };
  if (starts('%PDF')) return { kind: 'document', name: 'PDF' };
  if (starts([0x50, 0x4b, 0x03, 0x04])) return { kind: 'document', name: 'ZIP/Word/Excel' };
  if (starts([0xd0, 0xcf, 0x11, 0xe0])) return { kind: 'document', name: 'Word/Excel' };
  if (starts('MZ') || starts([0x7f, 0x45, 0x4c, 0x46])) return { kind: 'program' };
  if (head.length > 0 && !head.includes(0)) {
    let control = 0;
    for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
    const invalid = (head.toString('utf8').match(/\uFFFD/g) ?? []).length;
    if (control + invalid <= head.length / 100) return { kind: 'text' };
  }
  return { kind: 'unknown' };
}

/**
 * Classifies an ffmpeg run that did not produce audio. `stderr` is what it printed (at least the
 * start and the end of it).
 */
export async function classifyFailure(file: string, stderr: string): Promise<StudioError> {
  const lines = errorLines(stderr);
  const said = (re: RegExp) => lines.some((l) => re.test(l));
  if (said(/No such file or directory$/)) return fileMissing(file);
  if (said(/Permission denied$/)) return fileNotPermitted(file);
  if (said(/Is a directory$/)) return fileIsDirectory(file);

  const probe = parseInputHeader(stderr);
  if (probe && probe.audio === null) {
    if (probe.format && /_pipe$|^image2/.test(probe.format)) {
      const kind = probe.format.replace(/_pipe$/, '').toUpperCase();
      return new StudioError(
        'MEDIA_NOT_AUDIO',
        `Tệp ${q(file)} là ảnh (${kind}), không phải âm thanh${despiteName(file)}. Hãy chọn đúng tệp ghi âm.`,
      );
    }
    if (probe.otherStreams.includes('Video')) {
      return new StudioError(
        'MEDIA_NOT_AUDIO',
        `Video ${q(file)} không có tiếng nên không có gì để nhập. Hãy chọn bản video có tiếng hoặc tệp ghi âm riêng.`,
      );
    }
    return new StudioError(
      'MEDIA_NOT_AUDIO',
      `Tệp ${q(file)} không chứa âm thanh. Hãy chọn tệp ghi âm hoặc video có tiếng.`,
    );
  }
  if (
    probe?.audio &&
    (probe.audio.codec === 'none' || said(/Decoder .*not found|unknown codec|Unsupported codec|no decoder/i))
  ) {
    const codec = probe.audio.codec === 'none' ? 'không rõ' : probe.audio.codec;
    return new StudioError(
      'MEDIA_UNSUPPORTED',
      `Tệp ${q(file)} dùng kiểu nén âm thanh studio chưa đọc được. ` +
        'Hãy dùng phần mềm của máy ghi âm để xuất ra WAV hoặc MP3 rồi nhập lại.',
      undefined,
      `codec: ${codec}\n${lines.slice(-3).join('\n')}`,
    );
  }
  if (!probe) {
    const what = await sniff(file);
    switch (what.kind) {
      case 'image':
        return new StudioError(
          'MEDIA_NOT_AUDIO',
          `Tệp ${q(file)} là ảnh (${what.name}), không phải âm thanh${despiteName(file)}. Hãy chọn đúng tệp ghi âm.`,
        );
      case 'document':
        return new StudioError(
          'MEDIA_NOT_AUDIO',
          `Tệp ${q(file)} là tài liệu (${what.name}), không phải âm thanh. Hãy chọn đúng tệp ghi âm.`,
        );
      case 'text':
        return new StudioError(
          'MEDIA_NOT_AUDIO',
          `Tệp ${q(file)} là tệp văn bản, không phải âm thanh${despiteName(file)}. Hãy chọn đúng tệp ghi âm.`,
        );
      case 'program':
        return new StudioError(
          'MEDIA_NOT_AUDIO',
          `Tệp ${q(file)} là chương trình máy tính, không phải âm thanh. Không mở tệp này; hãy chọn đúng tệp ghi âm.`,
        );
      default:
        break;
    }
    if (said(/moov atom not found/)) {
      return new StudioError(
        'MEDIA_CORRUPT',
        `Tệp ${q(file)} bị cắt cụt hoặc ghi chưa xong (thiếu phần mục lục của tệp MP4/M4A), nên không đọc được. ` +
          'Hãy chép lại tệp từ điện thoại hoặc máy ghi âm; nếu bản gốc cũng vậy, cần phần mềm sửa tệp MP4.',
        undefined,
        lines.slice(-3).join('\n'),
      );
    }
  }
  return new StudioError(
    'MEDIA_CORRUPT',
    `Tệp ${q(file)} bị hỏng hoặc không phải tệp âm thanh/video hợp lệ nên không đọc được. ` +
      'Hãy chép lại tệp từ máy ghi âm hoặc điện thoại, hoặc mở thử bằng trình phát nhạc để kiểm tra.',
    { ffmpeg: lines.slice(-3).join('\n').slice(0, 500) },
    lines.slice(-3).join('\n').slice(0, 500),
  );
}
