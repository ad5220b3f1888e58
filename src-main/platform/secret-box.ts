/**
 * Secrets encrypted at rest (issue 14: the province's access token). A sealed secret names how it
 * was sealed, so a data folder used by the desktop app and by the CLI stays readable where it can be:
 *
 * - `safe-storage`: Electron's safeStorage (the OS's keychain: DPAPI, Keychain, libsecret, KWallet).
 *   On Linux its `basic_text` backend encrypts with a fixed key written in Chromium's source, which
 *   is no protection at all, so it is refused there (and `unknown`, which is what it is before a
 *   keyring answers): the key file is used instead.
 * - `key-file`: AES-256-GCM with 32 random bytes in `<data>/secrets/studio.key`, made owner-only
 *   (0600 in a 0700 folder). A key file or folder that others may read is refused, never repaired:
 *   someone may already have copied it. Windows has no such mode bits; its ACLs are the OS's job.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StudioError } from '../contract';

export type SecretScheme = 'safe-storage' | 'key-file';

/** What is stored instead of a secret: never the secret itself. */
export interface SealedSecret {
  scheme: SecretScheme;
  /** Base64: safeStorage's bytes, or the key file's IV (12), tag (16) and ciphertext. */
  data: string;
}

export interface SecretBox {
  /** How new secrets are sealed here. */
  readonly scheme: SecretScheme;
  seal(secret: string): Promise<SealedSecret>;
  /** Throws UNAVAILABLE (in Vietnamese) when this host cannot open what was sealed elsewhere. */
  open(sealed: SealedSecret): Promise<string>;
}

/** The part of Electron's `safeStorage` used here; the host passes the real one. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron: `basic_text`, `gnome_libsecret`, `kwallet`, `kwallet5`, `kwallet6`, `unknown`. */
  getSelectedStorageBackend?(): string;
}

const KEY_FOLDER = 'secrets';
const KEY_FILE = 'studio.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a ciphertext to its use: a blob from elsewhere does not decrypt as a studio secret. */
const AAD = Buffer.from('studio-truyen-thanh secret v1');
/** Linux backends that are not a keyring. */
const NOT_A_KEYRING = new Set(['basic_text', 'unknown']);

/** Where the key file lives in a data folder. */
export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FOLDER, KEY_FILE);
}

/**
 * Whether safeStorage really encrypts here: available, and on Linux backed by a keyring. The reason
 * is for the log when it does not.
 */
export function safeStorageUsable(
  safe: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): { usable: true } | { usable: false; reason: string } {
  if (!safe.isEncryptionAvailable()) return { usable: false, reason: 'safeStorage is not available' };
  if (platform === 'linux') {
    const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
    if (NOT_A_KEYRING.has(backend))
      return { usable: false, reason: `safeStorage's Linux backend is ${backend}, which has no keyring` };
  }
  return { usable: true };
}

/**
 * The box a studio uses: safeStorage when the host has it and it really encrypts, else the key
 * file. Either opens a `key-file` secret, so one sealed by the CLI works in the desktop app.
 */
export function chooseSecretBox(options: {
  dataDir: string;
  safeStorage?: SafeStorageLike;
  platform?: NodeJS.Platform;
  /** Told why safeStorage was passed over. */
  onFallback?: (reason: string) => void;
}): SecretBox {
  const keyFile = keyFileBox(options.dataDir, options.platform);
  if (!options.safeStorage) return keyFile;
  const check = safeStorageUsable(options.safeStorage, options.platform);
  if (check.usable) return safeStorageBox(options.safeStorage, keyFile, options.platform);
  options.onFallback?.(check.reason);
  return keyFile;
}

/** Electron's safeStorage; `keyFile` opens secrets sealed by the key file (by the CLI, say). */
export function safeStorageBox(
  safe: SafeStorageLike,
  keyFile: SecretBox,
  platform: NodeJS.Platform = process.platform,
): SecretBox {
  const usable = () => {
    const check = safeStorageUsable(safe, platform);
    if (!check.usable) throw new StudioError('UNAVAILABLE', KEYRING_MISSING, undefined, check.reason);
  };
  return {
    scheme: 'safe-storage',
    seal: async (secret) => {
      usable();
      return { scheme: 'safe-storage', data: safe.encryptString(secret).toString('base64') };
    },
    open: async (sealed) => {
      if (sealed.scheme === 'key-file') return keyFile.open(sealed);
      usable();
      try {
        return safe.decryptString(Buffer.from(sealed.data, 'base64'));
      } catch (err) {
        throw new StudioError('UNAVAILABLE', UNREADABLE, undefined, String(err));
      }
    },
  };
}

/** AES-256-GCM with an owner-only key file in the data folder, made on first use. */
export function keyFileBox(dataDir: string, platform: NodeJS.Platform = process.platform): SecretBox {
  const file = keyFilePath(dataDir);
  const checkModes = platform !== 'win32';
  const key = async (create: boolean): Promise<Buffer> => {
    const folder = path.dirname(file);
    if (create) {
      // mkdir's mode is cut by the umask: say it outright, but only of a folder made now (one found
      // open is refused below, not repaired).
      const made = await mkdir(folder, { recursive: true, mode: 0o700 });
      if (checkModes && made !== undefined) await chmod(folder, 0o700);
    }
    if (checkModes) await assertPrivate(folder, 'thư mục khoá');
    let made: Buffer | null = null;
    if (create) {
      made = randomBytes(KEY_BYTES);
      const handle = await open(file, 'wx', 0o600).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') return null;
        throw err;
      });
      if (handle) {
        try {
          await handle.writeFile(made);
          await handle.sync();
        } finally {
          await handle.close();
        }
      } else made = null;
    }
    if (checkModes) await assertPrivate(file, 'tệp khoá');
    const bytes =
      made ??
      (await readFile(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw new StudioError('UNAVAILABLE', KEY_MISSING(file));
        throw err;
      }));
    if (bytes.length !== KEY_BYTES) throw new StudioError('UNAVAILABLE', KEY_DAMAGED(file));
    return bytes;
  };
  return {
    scheme: 'key-file',
    seal: async (secret) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await key(true), iv);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return { scheme: 'key-file', data: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
    },
    open: async (sealed) => {
      if (sealed.scheme !== 'key-file') throw new StudioError('UNAVAILABLE', SEALED_BY_KEYRING);
      const raw = Buffer.from(sealed.data, 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new StudioError('UNAVAILABLE', UNREADABLE);
      const decipher = createDecipheriv('aes-256-gcm', await key(false), raw.subarray(0, IV_BYTES));
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // Another key (a data folder copied without it, a new key file): the secret is gone.
        throw new StudioError('UNAVAILABLE', UNREADABLE);
      }
    },
  };
}

/** Refuses a key file or folder that another user owns or that group or others may use. */
async function assertPrivate(target: string, what: string): Promise<void> {
  const info = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!info) return;
  const mode = info.mode & 0o777;
  const foreign = process.getuid !== undefined && info.uid !== process.getuid();
  if ((mode & 0o077) !== 0 || foreign) {
    const octal = mode.toString(8).padStart(3, '0');
    throw new StudioError(
      'UNAVAILABLE',
      `${what[0]?.toUpperCase()}${what.slice(1)} ${target} ${foreign ? 'thuộc về người dùng khác' : `để người khác đọc được (quyền ${octal})`}, ` +
        'nên Studio không dùng nó: mã truy cập có thể đã bị lộ. Hãy xoá thư mục secrets trong thư mục dữ liệu, ' +
        'nhập lại mã truy cập (Studio tạo khoá mới chỉ chủ máy đọc được), và báo tỉnh cấp mã mới nếu cần.',
      undefined,
      `${target}: mode ${octal}, uid ${info.uid}; only the owner may read it (0600 in a 0700 folder)`,
    );
  }
}

const KEYRING_MISSING =
  'Máy này chưa có kho khoá của hệ điều hành (ví dụ GNOME Keyring hoặc KWallet) nên không giữ được mã ' +
  'truy cập an toàn. Hãy mở khoá kho khoá rồi khởi động lại Studio.';
const UNREADABLE =
  'Không mở được mã truy cập đã lưu (có thể dữ liệu được chép từ máy khác hoặc khoá đã đổi). ' +
  'Hãy nhập lại mã truy cập.';
const SEALED_BY_KEYRING =
  'Mã truy cập được lưu bằng kho khoá của hệ điều hành trong ứng dụng Studio trên máy tính, nên ở đây ' +
  'không mở được. Hãy kiểm tra kết nối trong ứng dụng, hoặc nhập lại mã truy cập ở đây.';
const KEY_MISSING = (file: string) =>
  `Không còn tệp khoá ${file} nên không mở được mã truy cập đã lưu. Hãy nhập lại mã truy cập.`;
const KEY_DAMAGED = (file: string) =>
  `Tệp khoá ${file} bị hỏng nên không mở được mã truy cập đã lưu. Hãy xoá nó rồi nhập lại mã truy cập.`;
