import {
  FFMPEG_SEARCH,
  type DoctorCheck,
  type DoctorCheckId,
  type DoctorReport,
  type HostKind,
  type RecordingInputCheck,
} from '../contract';
import { ffmpegVersion } from '../media/ffmpeg-check';
import { clockStatus } from '../platform/clock-sync';
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
  /** What staff read when it is missing. */
  missingAdvice: string;
  /** How a technician installs it (under "Chi tiết kỹ thuật"). */
  install: string;
}

const ASK = 'Hãy nhờ người quản trị máy cài giúp (lệnh cài ở phần Chi tiết kỹ thuật).';

const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin', '/sbin'];

const TOOLS: ToolSpec[] = [
  {
    id: 'sox',
    names: ['sox'],
    versionArgs: ['--version'],
    versionPattern: /SoX v?(\S+)/i,
    required: false,
    missingAdvice: `Chưa có SoX, chương trình thu âm: máy này chưa thu âm được. ${ASK}`,
    install: 'sudo apt-get install sox libsox-fmt-all',
  },
  {
    id: 'icecast2',
    names: ['icecast2', 'icecast'],
    versionArgs: ['-v'],
    versionPattern: /Icecast\s+(\S+)/i,
    required: false,
    missingAdvice: `Chưa có Icecast, máy chủ phát trực tiếp: chưa phát trực tiếp qua Icecast được. ${ASK}`,
    install: 'sudo apt-get install icecast2',
  },
  {
    id: 'chromium',
    names: ['chromium', 'chromium-browser', 'google-chrome'],
    versionArgs: ['--version'],
    versionPattern: /(?:Chromium|Chrome)\s+(\S+)/i,
    required: false,
    missingAdvice: `Chưa có trình duyệt Chromium, cần cho chế độ web của studio. ${ASK}`,
    install: 'sudo apt-get install chromium',
  },
  {
    id: 'pulseaudio',
    names: ['pulseaudio'],
    versionArgs: ['--version'],
    versionPattern: /pulseaudio\s+(\S+)/i,
    required: false,
    missingAdvice: `Chưa có PulseAudio: có thể chưa chọn được thiết bị thu âm. ${ASK}`,
    install: 'sudo apt-get install pulseaudio',
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
    const clock = clockStatus();
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
      clock: await clock,
    };
  }

  private async checkFfmpeg(): Promise<DoctorCheck> {
    const setting = this.deps.ffmpegSetting();
    const { found } = await locateFfmpeg({ settingPath: setting, env: this.deps.env });
    if (!found) {
      return check('ffmpeg', 'missing', true, {
        advice:
          'Chưa có ffmpeg, phần mềm xử lý âm thanh: studio chưa nhập, biên tập hay xuất được âm thanh. ' +
          'Hãy nhờ người quản trị máy cài giúp (lệnh cài ở phần Chi tiết kỹ thuật), hoặc chỉ chỗ có ffmpeg ở phần Cài đặt bên dưới.',
        technical: FFMPEG_SEARCH,
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
    if (!found) {
      return check(spec.id, 'missing', spec.required, {
        advice: spec.missingAdvice,
        technical: `Cài trên Debian/Ubuntu: ${spec.install}`,
      });
    }
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
      ? `Không ghi được vào thư mục dữ liệu ${info.path}. Hãy nhờ người quản trị máy cấp quyền ghi cho thư mục này, hoặc mở studio với một thư mục dữ liệu khác.`
      : low
        ? `Ổ đĩa chứa thư mục dữ liệu chỉ còn ${formatGiB(info.freeBytes)}: hãy giải phóng dung lượng trước khi thu âm dài.`
        : '';
    const technical = info.writable
      ? undefined
      : 'Thư mục dữ liệu khác: studio --data THƯ_MỤC, hoặc biến STUDIO_DATA_DIR.';
    return { info, check: check('dataDir', status, true, { path: info.path, advice, technical }) };
  }
}

function check(
  id: DoctorCheckId,
  status: DoctorCheck['status'],
  required: boolean,
  rest: Partial<Pick<DoctorCheck, 'path' | 'version' | 'source' | 'advice' | 'technical'>>,
): DoctorCheck {
  return {
    id,
    status,
    required,
    path: rest.path ?? null,
    version: rest.version ?? null,
    source: rest.source ?? null,
    advice: rest.advice ?? '',
    ...(rest.technical ? { technical: rest.technical } : {}),
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
