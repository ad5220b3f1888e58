/**
 * The provincial sandbox (issue 14) over real HTTP on 127.0.0.1: tus uploads with their SHA-256
 * check, publishing with an Idempotency-Key, persistence across a restart, resume after a cut, every
 * fault mode, the token and OAuth2 refresh, the operator's moves, and the CLI command.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir';
import {
  audioBytes,
  auth,
  held,
  publish,
  sandbox,
  sha256,
  submission,
  TOKEN,
  tusUpload,
} from '../support/provincial';

const tempDir = useTempDirs();
const TUS = { 'Tus-Resumable': '1.0.0' };

/** A raw PATCH with node:http, so a connection the server cuts is seen as such. */
function rawPatch(
  url: string,
  offset: number,
  body: Buffer,
): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'PATCH',
      headers: {
        ...auth(),
        ...TUS,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(body.length),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    // Written in pieces so that the server sees the body arrive over time, as on a link.
    let at = 0;
    const step = () => {
      while (at < body.length) {
        const ok = req.write(body.subarray(at, at + 64 * 1024));
        at += 64 * 1024;
        if (!ok) return void req.once('drain', step);
      }
      req.end();
    };
    step();
  });
}

async function headOffset(base: string, id: string): Promise<{ status: number; offset: number }> {
  const r = await fetch(`${base}/api/v1/uploads/${id}`, { method: 'HEAD', headers: { ...auth(), ...TUS } });
  return { status: r.status, offset: Number(r.headers.get('upload-offset') ?? -1) };
}

/** Creates an upload by hand (no body); answers its id. */
async function createUpload(base: string, data: Buffer): Promise<string> {
  const meta = `sha256 ${Buffer.from(sha256(data)).toString('base64')}`;
  const r = await fetch(`${base}/api/v1/uploads`, {
    method: 'POST',
    headers: { ...auth(), ...TUS, 'Upload-Length': String(data.length), 'Upload-Metadata': meta },
  });
  expect(r.status).toBe(201);
  return (r.headers.get('location') ?? '').split('/').pop() as string;
}

describe('provincial sandbox: uploads and publishing', () => {
  it('takes a tus upload (creation-with-upload) and a bulletin, and holds it as received', async () => {
    const s = await sandbox(await tempDir());
    try {
      const data = audioBytes(3 * 1024 * 1024 + 17);
      const uploadId = await tusUpload(s.url, data, { withCreation: true });
      const sha = sha256(data);
      const r = await publish(s.url, 'key-1', submission(uploadId, sha));
      expect(r.status).toBe(201);
      const bulletin = (await r.json()) as { id: string; status: string; audio: { bytes: number } };
      expect(bulletin).toMatchObject({ status: 'received', audio: { bytes: data.length, sha256: sha } });
      expect(r.headers.get('location')).toBe(`/api/v1/bulletins/${bulletin.id}`);

      const got = await fetch(`${s.url}/api/v1/bulletins/${bulletin.id}`, { headers: auth() });
      expect(await got.json()).toMatchObject({ id: bulletin.id, metadata: { priority: 'emergency' } });
      expect(await held(s.url)).toEqual([
        expect.objectContaining({
          id: bulletin.id,
          idempotencyKey: 'key-1',
          title: 'Bản tin phòng chống bão số 3',
          sha256: sha,
          bytes: data.length,
          status: 'received',
        }),
      ]);
    } finally {
      await s.close();
    }
  });

  it('refuses an upload whose bytes do not hash to its Upload-Metadata sha256, and removes it', async () => {
    const s = await sandbox(await tempDir());
    try {
      const data = audioBytes(256 * 1024);
      const other = sha256(Buffer.from('another file'));
      const err = (await tusUpload(s.url, data, { sha: other }).catch((e: unknown) => e)) as {
        originalResponse?: { getStatus(): number; getBody(): string };
        message: string;
      };
      expect(err.originalResponse?.getStatus()).toBe(460);
      expect(err.originalResponse?.getBody()).toContain(sha256(data));
      // Without a sha256 at all the upload is not even created.
      const bare = await fetch(`${s.url}/api/v1/uploads`, {
        method: 'POST',
        headers: { ...auth(), ...TUS, 'Upload-Length': '10' },
      });
      expect(bare.status).toBe(400);
      // A bulletin cannot name an upload whose hash it does not match.
      const good = await tusUpload(s.url, data);
      const r = await publish(s.url, 'k', submission(good, other));
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ error: { code: 'SHA256_MISMATCH' } });
      expect(await held(s.url)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('is idempotent by key: the same body answers the first bulletin, another body 422', async () => {
    const s = await sandbox(await tempDir());
    try {
      const data = audioBytes(64 * 1024);
      const uploadId = await tusUpload(s.url, data);
      const body = submission(uploadId, sha256(data));
      const first = await publish(s.url, 'same-key', body);
      const firstBody = await first.json();
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // The same body with its keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await publish(s.url, 'same-key', reordered);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(firstBody);
      const changed = await publish(s.url, 'same-key', { ...body, title: 'Tiêu đề khác' });
      expect(changed.status).toBe(422);
      expect(await changed.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      // Another key for the same upload is a second bulletin of one file: refused.
      const other = await publish(s.url, 'other-key', body);
      expect(other.status).toBe(409);
      expect(await held(s.url)).toHaveLength(1);
      const noKey = await fetch(`${s.url}/api/v1/bulletins`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(noKey.status).toBe(400);
    } finally {
      await s.close();
    }
  });

  it('keeps bulletins, keys and unfinished uploads across a restart', async () => {
    const dir = await tempDir();
    let s = await sandbox(dir);
    const data = audioBytes(512 * 1024);
    const uploadId = await tusUpload(s.url, data);
    const body = submission(uploadId, sha256(data));
    const first = (await (await publish(s.url, 'persist-key', body)).json()) as { id: string };
    const partial = audioBytes(200 * 1024);
    const partialId = await createUpload(s.url, partial);
    expect(
      await rawPatch(`${s.url}/api/v1/uploads/${partialId}`, 0, partial.subarray(0, 100 * 1024)),
    ).toEqual({
      status: 204,
    });
    await s.close();

    s = await sandbox(dir);
    try {
      const got = await fetch(`${s.url}/api/v1/bulletins/${first.id}`, { headers: auth() });
      expect(got.status).toBe(200);
      const replay = await publish(s.url, 'persist-key', body);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(first.id);
      expect(await headOffset(s.url, partialId)).toEqual({ status: 200, offset: 100 * 1024 });
      expect(await held(s.url)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('resumes an upload from the server offset after the connection dropped mid-body', async () => {
    const dir = await tempDir();
    const data = audioBytes(4 * 1024 * 1024);
    let s = await sandbox(dir, 'drop-mid-body:1');
    let uploadId: string;
    let offset: number;
    try {
      uploadId = await createUpload(s.url, data);
      const cut = await rawPatch(`${s.url}/api/v1/uploads/${uploadId}`, 0, data);
      expect(cut).toHaveProperty('error');
      // What arrived before the cut is kept: the server says where to go on from.
      ({ offset } = await headOffset(s.url, uploadId));
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThan(data.length);
    } finally {
      await s.close();
    }
    s = await sandbox(dir);
    try {
      const rest = await rawPatch(`${s.url}/api/v1/uploads/${uploadId}`, offset, data.subarray(offset));
      expect(rest).toEqual({ status: 204 });
      const r = await publish(s.url, 'resumed', submission(uploadId, sha256(data)));
      expect(r.status).toBe(201);
      expect(await held(s.url)).toEqual([
        expect.objectContaining({ bytes: data.length, sha256: sha256(data) }),
      ]);
    } finally {
      await s.close();
    }
  });
});

describe('provincial sandbox: faults', () => {
  it('5xx, error-200, expired-token and slow are each seen by the client', async () => {
    const id = 'bt_none';
    const get = (base: string) => fetch(`${base}/api/v1/bulletins/${id}`, { headers: auth() });
    for (const [spec, check] of [
      [
        '5xx:1',
        async (r: Response) => {
          expect(r.status).toBe(503);
          expect(r.headers.get('retry-after')).toBe('1');
        },
      ],
      [
        'error-200:1',
        async (r: Response) => {
          expect(r.status).toBe(200);
          expect(await r.json()).toMatchObject({ error: { code: 'INTERNAL' } });
        },
      ],
      [
        'expired-token:1',
        async (r: Response) => {
          expect(r.status).toBe(401);
          expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
        },
      ],
    ] as const) {
      const s = await sandbox(await tempDir(), spec);
      try {
        const r = await get(s.url);
        await check(r);
        expect(r.headers.get('x-sandbox-fault')).toBe(spec.split(':')[0]);
        // The operator's pages are never broken.
        expect((await fetch(`${s.url}/sandbox/bulletins`)).status).toBe(200);
      } finally {
        await s.close();
      }
    }
    const slow = await sandbox(await tempDir(), 'slow:400ms');
    try {
      const t0 = performance.now();
      const r = await get(slow.url);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
      expect(r.status).toBe(404);
      expect(r.headers.get('x-sandbox-fault')).toBe('slow');
    } finally {
      await slow.close();
    }
  });

  it('duplicate carries a publish out twice: the client gets the replay, the province holds one', async () => {
    const dir = await tempDir();
    let s = await sandbox(dir);
    const data = audioBytes(32 * 1024);
    const uploadId = await tusUpload(s.url, data);
    await s.close();
    s = await sandbox(dir, 'duplicate:1');
    try {
      const r = await publish(s.url, 'dup', submission(uploadId, sha256(data)));
      expect(r.status).toBe(201);
      expect(r.headers.get('idempotent-replayed')).toBe('true');
      expect(r.headers.get('x-sandbox-fault')).toBe('duplicate');
      expect(await held(s.url)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('drop-mid-body on a publish cuts the answer after the bulletin was made; a retry with the key gets it', async () => {
    const dir = await tempDir();
    let s = await sandbox(dir);
    const data = audioBytes(32 * 1024);
    const uploadId = await tusUpload(s.url, data);
    await s.close();
    s = await sandbox(dir, 'drop-mid-body:1');
    const body = submission(uploadId, sha256(data));
    try {
      const cut = await publish(s.url, 'cut', body)
        .then((r) => r.json())
        .catch((e: unknown) => e);
      expect(cut).toBeInstanceOf(Error);
      expect(await held(s.url)).toHaveLength(1);
    } finally {
      await s.close();
    }
    s = await sandbox(dir);
    try {
      const retry = await publish(s.url, 'cut', body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await held(s.url)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('draws the same faults for the same seed', async () => {
    const run = async (spec: string) => {
      const s = await sandbox(await tempDir(), spec);
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 24; i++) {
          statuses.push((await fetch(`${s.url}/api/v1/bulletins/x`, { headers: auth() })).status);
        }
        return statuses;
      } finally {
        await s.close();
      }
    };
    const a = await run('5xx:0.4,expired-token:0.2,seed=7');
    expect(await run('5xx:0.4,expired-token:0.2,seed=7')).toEqual(a);
    expect(new Set(a)).toEqual(new Set([404, 503, 401]));
    expect(await run('5xx:0.4,expired-token:0.2,seed=8')).not.toEqual(a);
  });
});

describe('provincial sandbox: tokens', () => {
  it('refuses no or a wrong token, takes the right one, and issues and refreshes OAuth2 tokens', async () => {
    const s = await sandbox(await tempDir(), '', { accessTokenTtlSec: 1 });
    try {
      const get = (headers: Record<string, string>) => fetch(`${s.url}/api/v1/bulletins/x`, { headers });
      expect((await get({})).status).toBe(401);
      expect((await get(auth('wrong-token-value'))).status).toBe(401);
      expect((await get(auth())).status).toBe(404);
      const tus = await fetch(`${s.url}/api/v1/uploads`, {
        method: 'POST',
        headers: { ...TUS, 'Upload-Length': '1', Authorization: 'Bearer nope' },
      });
      expect(tus.status).toBe(401);

      const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
        fetch(`${s.url}/api/v1/oauth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(form).toString(),
        });
      expect(
        (await token({ grant_type: 'client_credentials', client_id: 'TTVH-CB', client_secret: 'x' })).status,
      ).toBe(401);
      const basic = `Basic ${Buffer.from(`TTVH-CB:${TOKEN}`).toString('base64')}`;
      const issued = (await (
        await token({ grant_type: 'client_credentials' }, { Authorization: basic })
      ).json()) as {
        access_token: string;
        refresh_token: string;
        token_type: string;
        expires_in: number;
      };
      expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 1 });
      expect((await get(auth(issued.access_token))).status).toBe(404);
      await new Promise((r) => setTimeout(r, 1100));
      const expired = await get(auth(issued.access_token));
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toContain('expired');
      const refreshed = (await (
        await token({ grant_type: 'refresh_token', refresh_token: issued.refresh_token })
      ).json()) as {
        access_token: string;
      };
      expect((await get(auth(refreshed.access_token))).status).toBe(404);
      // A refresh token is spent when used.
      expect((await token({ grant_type: 'refresh_token', refresh_token: issued.refresh_token })).status).toBe(
        400,
      );
    } finally {
      await s.close();
    }
  });
});

describe('provincial sandbox: the operator and the station move a bulletin', () => {
  async function published(base: string, key: string): Promise<string> {
    const data = audioBytes(16 * 1024);
    const uploadId = await tusUpload(base, data);
    return (
      (await (await publish(base, key, submission(uploadId, sha256(data), `Bản tin ${key}`))).json()) as {
        id: string;
      }
    ).id;
  }
  const status = async (base: string, id: string) =>
    (await (await fetch(`${base}/api/v1/bulletins/${id}`, { headers: auth() })).json()) as {
      status: string;
      reason: string | null;
      airings: Array<{ unitCode: string }>;
    };
  const form = (base: string, id: string, action: string, fields: Record<string, string> = {}) =>
    fetch(`${base}/sandbox/bulletins/${id}/${action}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
      body: new URLSearchParams(fields).toString(),
    });

  it('reject with a reason, accept, schedule, aired per commune, withdraw: each seen through the API', async () => {
    const s = await sandbox(await tempDir());
    try {
      const a = await published(s.url, 'a');
      expect((await form(s.url, a, 'reject')).status).toBe(400);
      const rejected = await form(s.url, a, 'reject', { reason: 'Thiếu nguồn tin' });
      expect(rejected.status).toBe(303);
      expect(await status(s.url, a)).toMatchObject({ status: 'rejected', reason: 'Thiếu nguồn tin' });

      const b = await published(s.url, 'b');
      expect((await form(s.url, b, 'accept')).status).toBe(303);
      expect((await status(s.url, b)).status).toBe('accepted');
      expect((await form(s.url, b, 'schedule')).status).toBe(303);
      expect((await status(s.url, b)).status).toBe('scheduled');
      expect((await form(s.url, b, 'aired')).status).toBe(303);
      const aired = await status(s.url, b);
      expect(aired.status).toBe('aired');
      expect(aired.airings.map((x) => x.unitCode)).toEqual(['01234', '01237']);
      // An aired bulletin can no longer be withdrawn.
      const late = await fetch(`${s.url}/api/v1/bulletins/${b}/withdrawal`, {
        method: 'POST',
        headers: auth(),
      });
      expect(late.status).toBe(409);

      const c = await published(s.url, 'c');
      const withdrawn = await fetch(`${s.url}/api/v1/bulletins/${c}/withdrawal`, {
        method: 'POST',
        headers: { ...auth(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'Thông tin đã cũ' }),
      });
      expect(withdrawn.status).toBe(200);
      expect(await status(s.url, c)).toMatchObject({ status: 'withdrawn', reason: 'Thông tin đã cũ' });
      expect((await form(s.url, c, 'accept')).status).toBe(409);
      // Another site's page cannot move bulletins.
      const cross = await fetch(`${s.url}/sandbox/bulletins/${a}/accept`, {
        method: 'POST',
        headers: { Origin: 'http://evil.example' },
      });
      expect(cross.status).toBe(403);

      expect((await held(s.url)).map((x) => [x.title, x.status]).sort()).toEqual([
        ['Bản tin a', 'rejected'],
        ['Bản tin b', 'aired'],
        ['Bản tin c', 'withdrawn'],
      ]);
      const page = await (await fetch(`${s.url}/sandbox/`)).text();
      expect(page).toContain('Thiếu nguồn tin');
      expect(page).toContain('Đã phát');
    } finally {
      await s.close();
    }
  });
});

describe('studio provincial-sandbox', () => {
  it('starts on 127.0.0.1, prints a token it made, and serves with it', async () => {
    const dir = await tempDir();
    const root = path.resolve(__dirname, '../..');
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin/studio.js'), 'provincial-sandbox', '--port', '0', '--data', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 30_000);
        child.stdout.on('data', () => {
          if (/Mã truy cập \(Bearer\): \S+/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const url = /đang chạy: (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out)?.[1] as string;
      const token = /Mã truy cập \(Bearer\): (\S+)/.exec(out)?.[1] as string;
      expect(url).toBeTruthy();
      expect((await fetch(`${url}/api/v1/bulletins/x`, { headers: auth(token) })).status).toBe(404);
      expect((await fetch(`${url}/api/v1/bulletins/x`, { headers: auth('made-up-token') })).status).toBe(401);
      expect(await (await fetch(`${url}/sandbox/bulletins`)).json()).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a malformed fault spec with exit status 2', async () => {
    const { runStudioCli } = await import('../support/cli');
    const r = runStudioCli([
      'provincial-sandbox',
      '--port',
      '0',
      '--data',
      await tempDir(),
      '--faults',
      '5xx:2',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xác suất');
  });
});
