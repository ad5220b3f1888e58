import type { DoctorCheck, DoctorCheckId, DoctorReport, HostKind, RecordingInputCheck } from '../contract';
import { ffmpegVersion } from '../media/ffmpeg-check';
import { locateFfmpeg } from '../media/ffmpeg-locator';
import { diskInfo, formatGiB } from '../platform/disk';
import { findOnPath } from '../platform/find-executable';
import { runCommand } from '../platform/run-command';

/** Below this much free space the data folder gets a warning: an hour of 48 kHz stereo WAV is ~1 GB. */
export const LOW_DISK_BYTES = 2 * 1024 ** 3;

export interface DoctorDeps {
  dataDir: string;
  appVersion: string;
  host: HostKind;
  ffmpegSetting: () => string | null;
  env?: NodeJS.ProcessEnv;
  /** Opens the input a take would record from (RecordingService.checkInput); no check without it. */
  checkMicrophone?: () => Promise<RecordingInputCheck>;
}

interface ToolSpec {
  id: Exclude<DoctorCheckId, 'ffmpeg' | 'dataDir' | 'microphone'>;
  names: string[];
  versionArgs: string[];
  versionPattern: RegExp;
  required: boolean;
  missingAdvice: string;
}

const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin', '/sbin'];

const TOOLS: ToolSpec[] = [
  {
    id: 'sox',
    names: ['sox'],
    versionArgs: ['--version'],
    versionPattern: /SoX v?(\S+)/i,
    required: false,
    missingAdvice: 'Chưa có sox: không thu âm được. Cài bằng lệnh: sudo apt-get install sox libsox-fmt-all.',
  },
  {
    id: 'icecast2',
    names: ['icecast2', 'icecast'],
    versionArgs: ['-v'],
    versionPattern: /Icecast\s+(\S+)/i,
    required: false,
    missingAdvice:
      'Chưa có Icecast: không phát trực tiếp qua Icecast được. Cài bằng lệnh: sudo apt-get install icecast2.',
  },
  {
    id: 'chromium',
    names: ['chromium', 'chromium-browser', 'google-chrome'],
    versionArgs: ['--version'],
    versionPattern: /(?:Chromium|Chrome)\s+(\S+)/i,
    required: false,
    missingAdvice:
      'Chưa có Chromium: chế độ web của studio cần trình duyệt này. Cài bằng lệnh: sudo apt-get install chromium.',
  },
  {
    id: 'pulseaudio',
    names: ['pulseaudio'],
    versionArgs: ['--version'],
    versionPattern: /pulseaudio\s+(\S+)/i,
    required: false,
    missingAdvice:
      'Chưa có PulseAudio: có thể không chọn được thiết bị thu âm. Cài bằng lệnh: sudo apt-get install pulseaudio.',
  },
];

/** What the studio needs from this machine, what it found, and what to do about what is missing. */
export class DoctorService {
  private running: Promise<DoctorReport> | null = null;

  constructor(private readonly deps: DoctorDeps) {}

  /**
   * Asked again while a report is being made (two windows, a repeated click), the answer is that
   * report: the machine has not changed in the meantime, and each report runs several programs.
   */
  report(): Promise<DoctorReport> {
    if (!this.running) {
      this.running = this.makeReport().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async makeReport(): Promise<DoctorReport> {
    const [ffmpeg, dataDir, microphone, ...tools] = await Promise.all([
      this.checkFfmpeg(),
      this.checkDataDir(),
      this.checkMicrophone(),
      ...TOOLS.map((t) => this.checkTool(t)),
    ]);
    const [sox, ...others] = tools;
    const checks = [ffmpeg, sox!, ...(microphone ? [microphone] : []), ...others, dataDir.check];
    return {
      generatedAt: new Date().toISOString(),
      appVersion: this.deps.appVersion,
      platform: process.platform,
      arch: process.arch,
      nodeVersion: process.versions.node,
      host: this.deps.host,
      dataDir: dataDir.info,
      checks,
      ready: checks.every((c) => !c.required || c.status === 'ok'),
    };
  }

  private async checkFfmpeg(): Promise<DoctorCheck> {
    const setting = this.deps.ffmpegSetting();
    const { found } = await locateFfmpeg({ settingPath: setting, env: this.deps.env });
    if (!found) {
      return check('ffmpeg', 'missing', true, {
        advice:
          'Không tìm thấy ffmpeg: studio không nhập, xử lý hay xuất được âm thanh. ' +
          'Cài bằng lệnh: sudo apt-get install ffmpeg, hoặc chỉ đường dẫn tới ffmpeg trong Cài đặt.',
      });
    }
    const version = await ffmpegVersion(found.path);
    const badSetting = setting !== null && found.source !== 'setting';
    const broken = version === null;
    return check('ffmpeg', broken ? 'missing' : badSetting ? 'warning' : 'ok', true, {
      path: found.path,
      version,
      source: found.source,
      advice: broken
        ? `Tệp ${found.path} không chạy được như ffmpeg. Hãy cài lại ffmpeg.`
        : badSetting
          ? `Đường dẫn ffmpeg trong Cài đặt (${setting}) không dùng được; studio đang dùng ${found.path}.`
          : '',
    });
  }

  /**
   * Not required (an editor's desk needs no microphone), but reported as not working, never as
   * ready, when no input delivers sound: the System screen says so, and so does the Record screen.
   */
  private async checkMicrophone(): Promise<DoctorCheck | null> {
    if (!this.deps.checkMicrophone) return null;
    const mic = await this.deps.checkMicrophone();
    const status = mic.status === 'ok' ? 'ok' : mic.status === 'silent' ? 'warning' : 'missing';
    return {
      ...check('microphone', status, false, { path: mic.label, source: mic.backend, advice: mic.problem }),
      ...(mic.technical ? { technical: mic.technical } : {}),
    };
  }

  private async checkTool(spec: ToolSpec): Promise<DoctorCheck> {
    let found: string | null = null;
    for (const name of spec.names) {
      found = await findOnPath(name, this.deps.env, SYSTEM_DIRS);
      if (found) break;
    }
    if (!found) return check(spec.id, 'missing', spec.required, { advice: spec.missingAdvice });
    const version = await readVersion(found, spec.versionArgs, spec.versionPattern);
    return check(spec.id, version ? 'ok' : 'warning', spec.required, {
      path: found,
      version,
      source: 'PATH',
      advice: version ? '' : `Tìm thấy ${found} nhưng không đọc được phiên bản; có thể bản cài bị hỏng.`,
    });
  }

  private async checkDataDir() {
    const info = await diskInfo(this.deps.dataDir);
    const low = info.freeBytes < LOW_DISK_BYTES;
    const status = !info.writable ? 'missing' : low ? 'warning' : 'ok';
    const advice = !info.writable
      ? `Không ghi được vào thư mục dữ liệu ${info.path}. Hãy chọn thư mục khác (--data) hoặc sửa quyền ghi.`
      : low
        ? `Ổ đĩa chứa thư mục dữ liệu chỉ còn ${formatGiB(info.freeBytes)}: hãy giải phóng dung lượng trước khi thu âm dài.`
        : '';
    return { info, check: check('dataDir', status, true, { path: info.path, advice }) };
  }
}

function check(
  id: DoctorCheckId,
  status: DoctorCheck['status'],
  required: boolean,
  rest: Partial<Pick<DoctorCheck, 'path' | 'version' | 'source' | 'advice'>>,
): DoctorCheck {
  return {
    id,
    status,
    required,
    path: rest.path ?? null,
    version: rest.version ?? null,
    source: rest.source ?? null,
    advice: rest.advice ?? '',
  };
}

async function readVersion(file: string, args: string[], pattern: RegExp): Promise<string | null> {
  try {
    const out = await runCommand(file, args, { timeoutMs: 8000 });
    const match = pattern.exec(`${out.stdout}\n${out.stderr}`);
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}
