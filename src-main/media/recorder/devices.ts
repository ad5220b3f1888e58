import type { RecordingBackend, RecordingDevice, RecordingDeviceList } from '../../contract';
import { findOnPath } from '../../platform/find-executable';
import { runCommand } from '../../platform/run-command';

/** The programs recording can use on this machine. */
export interface RecorderTools {
  sox: string | null;
  /** Sound-system drivers this sox was built with (`sox -h`: "AUDIO DEVICE DRIVERS"). */
  soxDrivers: string[];
  arecord: string | null;
  pactl: string | null;
}

const SYSTEM_DIRS = ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
/** Where the sox Windows installer puts it (it does not add itself to PATH). */
const WINDOWS_SOX_DIRS = ['C:\\Program Files (x86)\\sox-14-4-2', 'C:\\Program Files\\sox-14-4-2'];

export async function findRecorderTools(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<RecorderTools> {
  const extra = platform === 'win32' ? WINDOWS_SOX_DIRS : SYSTEM_DIRS;
  const [sox, arecord, pactl] = await Promise.all([
    findOnPath('sox', env, extra),
    platform === 'linux' ? findOnPath('arecord', env, SYSTEM_DIRS) : Promise.resolve(null),
    platform === 'linux' ? findOnPath('pactl', env, SYSTEM_DIRS) : Promise.resolve(null),
  ]);
  let soxDrivers: string[] = [];
  if (sox) {
    const help = await runCommand(sox, ['-h'], { env, timeoutMs: 5000 }).catch(() => null);
    soxDrivers = parseSoxDrivers(help?.stdout ?? '');
  }
  return { sox, soxDrivers, arecord, pactl };
}

export function parseSoxDrivers(help: string): string[] {
  const line = help.split('\n').find((l) => l.startsWith('AUDIO DEVICE DRIVERS:'));
  return line ? line.slice('AUDIO DEVICE DRIVERS:'.length).trim().split(/\s+/).filter(Boolean) : [];
}

/** One `Source #N` block of `pactl list sources`. */
interface PulseSource {
  name: string;
  description: string;
  monitorOf: string | null;
}

/** Parses `LC_ALL=C pactl list sources` (the long form: it carries the human-readable description). */
export function parsePactlSources(text: string): PulseSource[] {
  const sources: PulseSource[] = [];
  let current: PulseSource | null = null;
  for (const raw of text.split('\n')) {
    if (/^Source #\d+/.test(raw)) {
      current = { name: '', description: '', monitorOf: null };
      sources.push(current);
      continue;
    }
    if (!current) continue;
    // Only the block's own fields (one tab); properties are indented further.
    const m = /^\t([A-Za-z ]+): (.*)$/.exec(raw);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'Name') current.name = value.trim();
    else if (key === 'Description') current.description = value.trim();
    else if (key === 'Monitor of Sink') current.monitorOf = value.trim() === 'n/a' ? null : value.trim();
  }
  return sources.filter((s) => s.name !== '');
}

export function parsePactlDefaultSource(info: string): string | null {
  const m = /^Default Source: (.+)$/m.exec(info);
  return m ? m[1]!.trim() : null;
}

/** `arecord -l`: "card 1: Device [USB Audio Device], device 0: USB Audio [USB Audio]". */
export function parseArecordCards(text: string): RecordingDevice[] {
  const devices: RecordingDevice[] = [];
  for (const line of text.split('\n')) {
    const m = /^card (\d+): [^[]*\[([^\]]*)\], device (\d+): [^[]*\[([^\]]*)\]/.exec(line);
    if (!m) continue;
    const [, card, cardName, dev, devName] = m as unknown as [string, string, string, string, string];
    devices.push({
      id: `plughw:${card},${dev}`,
      label: cardName === devName ? cardName : `${cardName} – ${devName}`,
      isDefault: false,
      kind: 'input',
    });
  }
  return devices;
}

const DEFAULT_DEVICE: RecordingDevice = {
  id: 'default',
  label: 'Thiết bị thu mặc định của máy',
  isDefault: true,
  kind: 'input',
};

export const NO_RECORDER_PROBLEM =
  'Máy này chưa có SoX, chương trình thu âm mà studio dùng, nên chưa thu âm được. Hãy mở màn hình Hệ thống ' +
  'để xem cách cài, hoặc nhờ người quản trị máy cài giúp, rồi mở lại studio.';

/** How to install it, for a technician. */
export const NO_RECORDER_TECHNICAL =
  'Cài trên Debian/Ubuntu: sudo apt-get install sox libsox-fmt-all. Trên Windows: SoX 14.4.2 từ sox.sourceforge.net.';

/**
 * Chooses how to record on this machine and lists the inputs:
 * Linux: sox through PulseAudio when a PulseAudio (or PipeWire-Pulse) server answers, else sox
 * through ALSA, else arecord; Windows: sox `-t waveaudio`; macOS: sox `-t coreaudio`.
 */
export async function listRecordingDevices(
  tools: RecorderTools,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<RecordingDeviceList> {
  const none = (problem: string): RecordingDeviceList => ({
    backend: null,
    devices: [],
    defaultDeviceId: null,
    problem,
  });
  const only = (backend: RecordingBackend, devices: RecordingDevice[] = [DEFAULT_DEVICE]) => ({
    backend,
    devices,
    defaultDeviceId: devices.find((d) => d.isDefault)?.id ?? devices[0]?.id ?? null,
    problem: '',
  });

  if (platform === 'win32') return tools.sox ? only('waveaudio') : none(NO_RECORDER_PROBLEM);
  if (platform === 'darwin') return tools.sox ? only('coreaudio') : none(NO_RECORDER_PROBLEM);

  const cEnv = { ...env, LC_ALL: 'C' };
  if (tools.sox && tools.pactl && tools.soxDrivers.includes('pulseaudio')) {
    const info = await runCommand(tools.pactl, ['info'], { env: cEnv, timeoutMs: 3000 }).catch(() => null);
    if (info && info.code === 0) {
      const list = await runCommand(tools.pactl, ['list', 'sources'], { env: cEnv, timeoutMs: 3000 }).catch(
        () => null,
      );
      const sources = list && list.code === 0 ? parsePactlSources(list.stdout) : [];
      const defaultName = parsePactlDefaultSource(info.stdout);
      const devices = sources
        .map<RecordingDevice>((s) => ({
          id: s.name,
          label: s.description || s.name,
          isDefault: s.name === defaultName,
          kind: s.monitorOf ? 'monitor' : 'input',
        }))
        // Real inputs first, the default first among them.
        .sort((a, b) => rank(a) - rank(b));
      if (devices.length === 0) {
        return {
          backend: 'pulseaudio',
          devices: [],
          defaultDeviceId: null,
          problem: 'Máy không có thiết bị thu âm nào. Hãy cắm micro hoặc card âm thanh rồi bấm Kiểm tra lại.',
        };
      }
      return {
        backend: 'pulseaudio',
        devices,
        defaultDeviceId: devices.find((d) => d.isDefault)?.id ?? devices[0]!.id,
        problem: '',
      };
    }
  }

  let cards: RecordingDevice[] = [];
  if (tools.arecord) {
    const l = await runCommand(tools.arecord, ['-l'], { env: cEnv, timeoutMs: 3000 }).catch(() => null);
    cards = l ? parseArecordCards(l.stdout) : [];
  }
  if (tools.sox && tools.soxDrivers.includes('alsa')) return only('alsa', [DEFAULT_DEVICE, ...cards]);
  if (tools.arecord) return only('arecord', [DEFAULT_DEVICE, ...cards]);
  return none(NO_RECORDER_PROBLEM);
}

function rank(d: RecordingDevice): number {
  return (d.kind === 'monitor' ? 2 : 0) + (d.isDefault ? 0 : 1);
}
