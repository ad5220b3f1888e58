/**
 * Where the studio publishes to (issue 14, second slice), through the real router: the settings
 * with their token sealed at rest (never in a file, the log, the audit log or diagnostics in the
 * clear), and "Kiểm tra kết nối" against a real provincial sandbox, a closed port and a server that
 * does not speak the reference protocol.
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFilePath } from '../../src-main/platform/secret-box';
import { sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

/** What the settings say of OAuth2, the protocol and the mapping while only a bearer token is set. */
const BEARER_ONLY = {
  clientId: null,
  clientSecretSet: false,
  tokenUrl: null,
  protocol: 'reference',
  fieldMapping: { rename: {}, subjectAreas: {}, priorities: {} },
};

/** Every file under `dir` whose bytes hold `needle`. */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(Buffer.from(needle))) found.push(file);
  }
  return found;
}

/** A port nobody listens on: one the OS gave and took back. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('publish settings', () => {
  it('keep the token sealed: only whether one is set is ever answered, written or audited', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const secret = 'mã-tỉnh-cấp-7f3a9c0e5b21';
    expect(await t.call('publish.settings', {})).toEqual({
      endpoint: null,
      stationCode: null,
      authKind: 'bearer',
      tokenSet: false,
      ...BEARER_ONLY,
    });
    const saved = await t.call('publish.configure', {
      endpoint: 'https://nguon.laocai.example.vn/',
      stationCode: 'TT-BAT-XAT',
      token: secret,
    });
    expect(saved).toEqual({
      endpoint: 'https://nguon.laocai.example.vn',
      stationCode: 'TT-BAT-XAT',
      authKind: 'bearer',
      tokenSet: true,
      ...BEARER_ONLY,
    });
    expect(JSON.stringify(saved)).not.toContain(secret);
    // Left out, the token is kept; null removes it.
    expect(
      await t.call('publish.configure', {
        endpoint: 'https://nguon.laocai.example.vn',
        stationCode: 'TT-BX',
      }),
    ).toMatchObject({ stationCode: 'TT-BX', tokenSet: true });
    expect(await t.studio.services.publish.token()).toBe(secret);

    // The configuration file holds it sealed by the key file, which only the owner may read.
    const stored = JSON.parse(await readFile(path.join(t.dataDir, 'db', 'publish.json'), 'utf8')) as {
      data: { token: { scheme: string; data: string } };
    };
    expect(JSON.stringify(stored)).toContain('"scheme":"key-file"');
    expect((await stat(keyFilePath(t.dataDir))).mode & 0o777).toBe(0o600);

    // The audit log says what changed and what became of the token, never the token.
    const log = (await t.call('audit.list', {})).entries.filter((e) => e.action === 'publish.configure');
    expect(log).toHaveLength(2);
    const lines = (await readdir(path.join(t.dataDir, 'audit'))).filter((f) => f.endsWith('.jsonl'));
    const audit = (
      await Promise.all(lines.map((f) => readFile(path.join(t.dataDir, 'audit', f), 'utf8')))
    ).join('');
    expect(audit).toContain('"tokenChange":"set"');
    expect(audit).toContain('"tokenChange":"kept"');

    // Diagnostics, the log (a logged request with the token in it too) and every file: not in the clear.
    t.studio.log.warn('A request failed', { token: secret, headers: { authorization: `Bearer ${secret}` } });
    const diagnostics = await t.call('system.diagnostics', {});
    expect(diagnostics.text).not.toContain(secret);
    expect(diagnostics.text).not.toContain(stored.data.token.data);
    expect(await filesHolding(t.dataDir, secret)).toEqual([]);

    expect(
      await t.call('publish.configure', {
        endpoint: 'http://10.0.0.5:8470',
        stationCode: 'TT-BX',
        token: null,
      }),
    ).toMatchObject({ tokenSet: false });
    expect(await t.studio.services.publish.token()).toBeNull();
  });

  it('refuses an endpoint that is not http(s) or carries a password, and a bad station code', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    for (const endpoint of [
      'ftp://nguon.example.vn',
      'https://user:pass@nguon.example.vn',
      'nguon.example.vn',
    ]) {
      expect((await t.fail('publish.configure', { endpoint, stationCode: 'TT' })).code, endpoint).toBe(
        'INVALID_REQUEST',
      );
    }
    expect(
      (await t.fail('publish.configure', { endpoint: 'https://x.vn', stationCode: 'Đài xã' })).code,
    ).toBe('INVALID_REQUEST');
    expect(await t.call('publish.settings', {})).toMatchObject({ endpoint: null, tokenSet: false });
  });
});

describe('OAuth2 client credentials and the field mapping in the settings', () => {
  it('keep the client secret sealed like the token: never answered, written, logged or audited', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const secret = 'khoá-bí-mật-của-đài-9c41d07e';
    const saved = await t.call('publish.configure', {
      endpoint: 'https://nguon.laocai.example.vn',
      stationCode: 'TT-BAT-XAT',
      authKind: 'oauth2',
      clientId: 'studio-bat-xat',
      clientSecret: secret,
    });
    expect(saved).toMatchObject({
      authKind: 'oauth2',
      clientId: 'studio-bat-xat',
      clientSecretSet: true,
      tokenSet: false,
      tokenUrl: null,
    });
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(await t.studio.services.publish.credentials()).toEqual({
      kind: 'oauth2',
      tokenUrl: 'https://nguon.laocai.example.vn/api/v1/oauth/token',
      clientId: 'studio-bat-xat',
      clientSecret: secret,
    });
    // Left out, kept; a token URL of the province's own choosing replaces the protocol's path.
    expect(
      await t.call('publish.configure', {
        endpoint: 'https://nguon.laocai.example.vn',
        stationCode: 'TT-BAT-XAT',
        authKind: 'oauth2',
        tokenUrl: 'https://sso.laocai.example.vn/token',
      }),
    ).toMatchObject({
      clientId: 'studio-bat-xat',
      clientSecretSet: true,
      tokenUrl: 'https://sso.laocai.example.vn/token',
    });
    expect(await t.studio.services.publish.credentials()).toMatchObject({
      tokenUrl: 'https://sso.laocai.example.vn/token',
      clientSecret: secret,
    });

    const lines = (await readdir(path.join(t.dataDir, 'audit'))).filter((f) => f.endsWith('.jsonl'));
    const audit = (
      await Promise.all(lines.map((f) => readFile(path.join(t.dataDir, 'audit', f), 'utf8')))
    ).join('');
    expect(audit).toContain('"clientSecretChange":"set"');
    expect(audit).toContain('"clientSecretChange":"kept"');
    expect(audit).toContain('"clientId":"studio-bat-xat"');
    t.studio.log.warn('A token request failed', { clientSecret: secret });
    expect((await t.call('system.diagnostics', {})).text).not.toContain(secret);
    expect(await filesHolding(t.dataDir, secret)).toEqual([]);

    // Incomplete credentials are none: the outbox and the check say it is not configured.
    await t.call('publish.configure', {
      endpoint: 'https://nguon.laocai.example.vn',
      stationCode: 'TT-BAT-XAT',
      authKind: 'oauth2',
      clientSecret: null,
    });
    expect(await t.studio.services.publish.credentials()).toBeNull();
    expect(await t.call('publish.check', {})).toMatchObject({ outcome: 'notConfigured' });
  });

  it('opens a version 1 file (bearer only) as the reference protocol with no mapping', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const first = await studios.open(data);
    await first.call('publish.configure', {
      endpoint: 'https://x.example.vn',
      stationCode: 'TT',
      token: 'mã-cũ-1234',
    });
    const stored = JSON.parse(await readFile(path.join(data, 'db', 'publish.json'), 'utf8')) as {
      data: Record<string, unknown>;
    };
    await studios.closeAll();
    const v1 = {
      schemaVersion: 1,
      data: {
        endpoint: stored.data.endpoint,
        stationCode: stored.data.stationCode,
        authKind: 'bearer',
        token: stored.data.token,
      },
    };
    await writeFile(path.join(data, 'db', 'publish.json'), JSON.stringify(v1));
    await rm(path.join(data, 'db', 'publish.json.bak'), { force: true });
    const t = await studios.open(data);
    expect(await t.call('publish.settings', {})).toEqual({
      endpoint: 'https://x.example.vn',
      stationCode: 'TT',
      authKind: 'bearer',
      tokenSet: true,
      ...BEARER_ONLY,
    });
    expect(await t.studio.services.publish.token()).toBe('mã-cũ-1234');
  });

  it('validates the field mapping: names of one field each, codes of reasonable length', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const base = { endpoint: 'https://x.example.vn', stationCode: 'TT' };
    const mapping = {
      rename: { subjectArea: 'linhVuc', targetUnits: 'donViNhan' },
      subjectAreas: { 'Phòng chống thiên tai': 'PCTT' },
      priorities: { emergency: 'KHAN' },
    };
    expect(await t.call('publish.configure', { ...base, fieldMapping: mapping })).toMatchObject({
      fieldMapping: mapping,
    });
    for (const bad of [
      { rename: { subjectArea: 'title' } },
      { rename: { title: 'ten', summary: 'ten' } },
      { rename: { title: 'tên có dấu' } },
      { rename: { nothing: 'x' } },
      { priorities: { urgent: 'KHAN' } },
      { subjectAreas: { 'Phòng chống thiên tai': '' } },
    ]) {
      expect(
        (await t.fail('publish.configure', { ...base, fieldMapping: bad as never })).code,
        JSON.stringify(bad),
      ).toBe('INVALID_REQUEST');
    }
    // Left out, the mapping is kept.
    expect(await t.call('publish.configure', base)).toMatchObject({ fieldMapping: mapping });
  });
});

describe('Kiểm tra kết nối', () => {
  it('tells a token accepted, a token refused, a closed port and a server of another kind apart', async () => {
    const dir = await tempDir();
    const province = await sandbox(path.join(dir, 'sandbox'));
    const t = await studios.open(path.join(dir, 'data'));
    try {
      expect(await t.call('publish.check', {})).toMatchObject({ outcome: 'notConfigured' });

      await t.call('publish.configure', { endpoint: province.url, stationCode: 'TT-01', token: TOKEN });
      const ok = await t.call('publish.check', {});
      expect(ok, ok.technical).toMatchObject({ outcome: 'ok', endpoint: province.url });
      expect(ok.message).toBe('Kết nối được với hệ thống của tỉnh và mã truy cập được chấp nhận.');

      await t.call('publish.configure', { endpoint: province.url, stationCode: 'TT-01', token: 'sai-mã' });
      const refused = await t.call('publish.check', {});
      expect(refused.outcome).toBe('tokenRefused');
      expect(refused.message).toContain('từ chối mã truy cập');
      expect(refused.technical).toContain('HTTP 401');
      expect(JSON.stringify(refused)).not.toContain('sai-mã');

      const port = await closedPort();
      await t.call('publish.configure', { endpoint: `http://127.0.0.1:${port}`, stationCode: 'TT-01' });
      const closed = await t.call('publish.check', {});
      expect(closed.outcome).toBe('unreachable');
      expect(closed.technical).toContain('ECONNREFUSED');

      // A web server that is not a provincial system (a portal page for every path).
      const portal = http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Cổng thông tin</h1>');
      });
      await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
      try {
        const { port: portalPort } = portal.address() as AddressInfo;
        await t.call('publish.configure', {
          endpoint: `http://127.0.0.1:${portalPort}`,
          stationCode: 'TT-01',
        });
        expect(await t.call('publish.check', {})).toMatchObject({ outcome: 'notReference' });
      } finally {
        await new Promise((resolve) => portal.close(resolve));
      }
    } finally {
      await province.close();
    }
  });

  it('checks OAuth2 client credentials: accepted, refused, and a token endpoint that is not one', async () => {
    const dir = await tempDir();
    const province = await sandbox(path.join(dir, 'sandbox'));
    const t = await studios.open(path.join(dir, 'data'));
    try {
      const oauth = { endpoint: province.url, stationCode: 'TT-01', authKind: 'oauth2' as const };
      await t.call('publish.configure', { ...oauth, clientId: 'studio-tt-01', clientSecret: TOKEN });
      const ok = await t.call('publish.check', {});
      expect(ok, ok.technical).toMatchObject({ outcome: 'ok' });

      await t.call('publish.configure', { ...oauth, clientSecret: 'khoá-sai' });
      const refused = await t.call('publish.check', {});
      expect(refused.outcome).toBe('tokenRefused');
      expect(refused.technical).toContain('invalid_client');
      expect(JSON.stringify(refused)).not.toContain('khoá-sai');

      // The token URL points at a path the province does not serve: not a token endpoint.
      await t.call('publish.configure', {
        ...oauth,
        clientSecret: TOKEN,
        tokenUrl: `${province.url}/api/v1/khong-co`,
      });
      expect(await t.call('publish.check', {})).toMatchObject({ outcome: 'notReference' });

      const port = await closedPort();
      await t.call('publish.configure', { ...oauth, tokenUrl: `http://127.0.0.1:${port}/token` });
      const closed = await t.call('publish.check', {});
      expect(closed.outcome).toBe('unreachable');
      expect(closed.technical).toContain('ECONNREFUSED');
    } finally {
      await province.close();
    }
  });
});
