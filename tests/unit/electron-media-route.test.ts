import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../src-main/hosts/electron/app-protocol';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const ID = 'a'.repeat(64);

async function setup() {
  const dir = await tempDir();
  const file = path.join(dir, `${ID}.mp3`);
  await writeFile(file, Buffer.from('0123456789'));
  const handler = createAppProtocolHandler(dir, (id) => (id === ID ? file : null));
  return handler;
}

describe('app:// media route', () => {
  it("streams a library asset's audio, whole or by byte range, with the CSP", async () => {
    const handler = await setup();
    const whole = await handler(new Request(`app://studio/media/${ID}`));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/mpeg');
    expect(whole.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await whole.text()).toBe('0123456789');

    const part = await handler(new Request(`app://studio/media/${ID}`, { headers: { range: 'bytes=2-5' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await part.text()).toBe('2345');

    const tail = await handler(new Request(`app://studio/media/${ID}`, { headers: { range: 'bytes=-3' } }));
    expect(await tail.text()).toBe('789');
    const beyond = await handler(
      new Request(`app://studio/media/${ID}`, { headers: { range: 'bytes=50-' } }),
    );
    expect(beyond.status).toBe(416);
  });

  it('answers 404 for an unknown asset and never serves a path given in the URL', async () => {
    const handler = await setup();
    expect((await handler(new Request(`app://studio/media/${'b'.repeat(64)}`))).status).toBe(404);
    const sneaky = await handler(new Request('app://studio/media/..%2F..%2Fetc%2Fpasswd'));
    expect(await sneaky.text()).not.toContain('root:');
  });

  it('serves nothing through a link that leads out of the UI folder', async () => {
    const root = path.join(await tempDir(), 'renderer');
    await mkdir(root);
    await writeFile(path.join(root, 'index.html'), '<!doctype html>');
    await writeFile(path.join(path.dirname(root), 'secret.txt'), 'do not serve');
    await symlink(path.join(path.dirname(root), 'secret.txt'), path.join(root, 'logo.svg'));
    await symlink(path.dirname(root), path.join(root, 'assets'));
    const handler = createAppProtocolHandler(root);
    for (const target of ['logo.svg', 'assets/secret.txt']) {
      const reply = await handler(new Request(`app://studio/${target}`));
      expect(reply.status, target).toBe(404);
      expect(await reply.text()).not.toContain('do not serve');
    }
    expect((await handler(new Request('app://studio/'))).status).toBe(200);
  });
});
