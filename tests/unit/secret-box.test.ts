/**
 * Secrets at rest (platform/secret-box.ts): the key file with real files and real permissions, and
 * Electron's safeStorage through a stand-in with its shape (the Electron binary is not here).
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseSecretBox,
  keyFileBox,
  keyFilePath,
  safeStorageBox,
  type SafeStorageLike,
} from '../../src-main/platform/secret-box';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const SECRET = 'mã-truy-cập-của-tỉnh-0123456789';

/** Encrypts by XOR with a byte: enough to prove which box sealed a secret, and how. */
function standIn(backend: string, available = true): SafeStorageLike & { sealed: number } {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  const box = {
    sealed: 0,
    isEncryptionAvailable: () => available,
    encryptString: (text: string) => {
      box.sealed += 1;
      return flip(Buffer.from(text, 'utf8'));
    },
    decryptString: (data: Buffer) => flip(data).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
  return box;
}

describe('the key file box', () => {
  it('seals with AES-256-GCM under an owner-only key it makes (0600 in a 0700 folder)', async () => {
    const dir = await tempDir();
    const box = keyFileBox(dir);
    const sealed = await box.seal(SECRET);
    expect(sealed.scheme).toBe('key-file');
    expect(Buffer.from(sealed.data, 'base64').toString('utf8')).not.toContain(SECRET);
    expect(await box.open(sealed)).toBe(SECRET);
    // Two seals of one secret differ (a fresh IV each time).
    expect((await box.seal(SECRET)).data).not.toBe(sealed.data);
    expect((await stat(keyFilePath(dir))).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(keyFilePath(dir)))).mode & 0o777).toBe(0o700);
    expect((await readFile(keyFilePath(dir))).length).toBe(32);
    // A new box on the same folder (a restart) reads the same key.
    expect(await keyFileBox(dir).open(sealed)).toBe(SECRET);
  });

  it('refuses a key file that others may read, in Vietnamese, and does not repair it', async () => {
    const dir = await tempDir();
    const sealed = await keyFileBox(dir).seal(SECRET);
    await chmod(keyFilePath(dir), 0o644);
    const err = await keyFileBox(dir)
      .open(sealed)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect((err as Error).message).toContain('để người khác đọc được (quyền 644)');
    expect((err as Error).message).toContain('Studio không dùng nó');
    await expect(keyFileBox(dir).seal(SECRET)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await stat(keyFilePath(dir))).mode & 0o777).toBe(0o644);
  });

  it('refuses a key folder others may enter that it did not make', async () => {
    const dir = await tempDir();
    const sealed = await keyFileBox(dir).seal(SECRET);
    await chmod(path.dirname(keyFilePath(dir)), 0o755);
    await expect(keyFileBox(dir).seal(SECRET)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await stat(path.dirname(keyFilePath(dir)))).mode & 0o777).toBe(0o755);
    await expect(keyFileBox(dir).open(sealed)).rejects.toThrow(
      /Thư mục khoá .* để người khác đọc được \(quyền 755\)/,
    );
  });

  it('says so when the key is gone, another key is there, or the secret was sealed by the keychain', async () => {
    const dir = await tempDir();
    const sealed = await keyFileBox(dir).seal(SECRET);
    const other = await tempDir();
    await mkdir(path.dirname(keyFilePath(other)), { mode: 0o700 });
    await expect(keyFileBox(other).open(sealed)).rejects.toThrow(/Không còn tệp khoá/);
    await writeFile(keyFilePath(other), Buffer.alloc(32, 7), { mode: 0o600 });
    await expect(keyFileBox(other).open(sealed)).rejects.toThrow(/Hãy nhập lại mã truy cập/);
    await expect(keyFileBox(dir).open({ scheme: 'safe-storage', data: sealed.data })).rejects.toThrow(
      /kho khoá của hệ điều hành/,
    );
  });
});

describe("Electron's safeStorage", () => {
  it('is used where it has a keyring, and opens what the key file sealed (the CLI)', async () => {
    const dir = await tempDir();
    const safe = standIn('gnome_libsecret');
    const box = chooseSecretBox({ dataDir: dir, safeStorage: safe, platform: 'linux' });
    expect(box.scheme).toBe('safe-storage');
    const sealed = await box.seal(SECRET);
    expect(sealed.scheme).toBe('safe-storage');
    expect(safe.sealed).toBe(1);
    expect(await box.open(sealed)).toBe(SECRET);
    expect(await box.open(await keyFileBox(dir).seal('từ dòng lệnh'))).toBe('từ dòng lệnh');
  });

  it("refuses Linux's basic_text (a fixed, public key) and unknown: the key file seals instead", async () => {
    for (const backend of ['basic_text', 'unknown']) {
      const dir = await tempDir();
      const safe = standIn(backend);
      const reasons: string[] = [];
      const box = chooseSecretBox({
        dataDir: dir,
        safeStorage: safe,
        platform: 'linux',
        onFallback: (r) => reasons.push(r),
      });
      expect(box.scheme, backend).toBe('key-file');
      expect(reasons.join()).toContain(backend);
      const sealed = await box.seal(SECRET);
      expect(safe.sealed, backend).toBe(0);
      expect(sealed.scheme).toBe('key-file');
      expect((await stat(keyFilePath(dir))).mode & 0o777).toBe(0o600);
    }
    // Elsewhere the backend question does not exist: Windows and macOS use the OS's store.
    expect(
      chooseSecretBox({ dataDir: await tempDir(), safeStorage: standIn('basic_text'), platform: 'win32' })
        .scheme,
    ).toBe('safe-storage');
    // Not available at all: the key file.
    expect(
      chooseSecretBox({
        dataDir: await tempDir(),
        safeStorage: standIn('kwallet5', false),
        platform: 'linux',
      }).scheme,
    ).toBe('key-file');
  });

  it('will not open a keychain secret once the backend fell to basic_text', async () => {
    const dir = await tempDir();
    let backend = 'kwallet5';
    const safe = { ...standIn('kwallet5'), getSelectedStorageBackend: () => backend };
    const box = safeStorageBox(safe, keyFileBox(dir), 'linux');
    const sealed = await box.seal(SECRET);
    backend = 'basic_text';
    await expect(box.open(sealed)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(box.seal(SECRET)).rejects.toThrow(/kho khoá của hệ điều hành/);
  });
});
