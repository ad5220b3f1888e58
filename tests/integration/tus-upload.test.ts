/**
 * The reference adapter's upload through tus-js-client, against the sandbox and against servers
 * that answer what the protocol does not allow: pieces grow on a fast link with the server's
 * offset heard after each; a kept upload resumes from the server's offset (no second upload); a
 * HEAD answered 503 does not make the library start a new upload; a redirect of a PATCH is refused
 * and nothing follows it; a kept upload of another endpoint is not asked after.
 */
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishError, type UploadPosition, type UploadSource } from '../../src-main/publish/adapter';
import { ReferenceAdapter } from '../../src-main/publish/reference-adapter';
import { audioBytes, sandbox, sha256, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const MB = 1024 * 1024;

async function sourceOf(size: number): Promise<UploadSource> {
  const data = audioBytes(size);
  const file = path.join(await tempDir(), 'master.wav');
  await writeFile(file, data);
  return { file, bytes: size, sha256: sha256(data), filename: 'master.wav' };
}

async function startSandbox(faults = ''): Promise<string> {
  const box = await sandbox(path.join(await tempDir(), 'sandbox'), faults);
  closers.push(() => box.close());
  return box.url;
}

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
}

/** A server answering with `answer`; what it saw is pushed to `seen`. */
async function serve(
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  seen: Seen[] = [],
): Promise<string> {
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function upload(
  adapter: ReferenceAdapter,
  source: UploadSource,
  resume: string | null = null,
): Promise<{ heard: UploadPosition[]; result: UploadPosition | PublishError }> {
  const heard: UploadPosition[] = [];
  const result = await adapter
    .upload(source, resume, (p) => heard.push({ ...p }))
    .catch((err: unknown) => {
      if (err instanceof PublishError) return err;
      throw err;
    });
  return { heard, result };
}

describe('the reference adapter’s tus upload', () => {
  it('grows its pieces on a fast link, hearing the server’s offset after each', async () => {
    const base = await startSandbox();
    const source = await sourceOf(40 * MB);
    const { heard, result } = await upload(new ReferenceAdapter({ endpoint: base, token: TOKEN }), source);
    expect(result).toEqual({ url: heard[0]?.url, offset: source.bytes });
    expect(heard[0]?.offset).toBe(0);
    expect(heard.at(-1)?.offset).toBe(source.bytes);
    const pieces = heard.slice(1).map((p, i) => p.offset - (heard[i] as UploadPosition).offset);
    // The first piece is 4 MiB; on loopback the next take more than that (and the rest, at the end).
    expect(pieces[0]).toBe(4 * MB);
    expect(pieces.length).toBeLessThan(10);
    expect(Math.max(...pieces)).toBeGreaterThan(4 * MB);
    const head = await fetch(result instanceof PublishError ? '' : result.url, {
      method: 'HEAD',
      headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${TOKEN}` },
    });
    expect(head.headers.get('upload-offset')).toBe(String(source.bytes));
  });

  it('resumes a kept upload from the server’s offset, never a second upload', async () => {
    // Every body is cut halfway: each attempt gets half of what is left to the server.
    const base = await startSandbox('drop-mid-body:1');
    const source = await sourceOf(2 * MB);
    const adapter = new ReferenceAdapter({ endpoint: base, token: TOKEN });
    const first = await upload(adapter, source);
    expect(first.result).toBeInstanceOf(PublishError);
    expect(first.result).toMatchObject({ kind: 'retry' });
    const url = first.heard[0]?.url as string;
    expect(url).toMatch(/\/api\/v1\/uploads\/[A-Za-z0-9_-]+$/);

    const second = await upload(adapter, source, url);
    expect(second.result).toBeInstanceOf(PublishError);
    // The HEAD's answer is heard first: the same upload, where the server is.
    expect(second.heard[0]?.url).toBe(url);
    expect(second.heard[0]?.offset).toBeGreaterThan(0);
    expect(second.heard[0]?.offset).toBeLessThan(source.bytes);
    const third = await upload(adapter, source, url);
    expect(third.heard[0]?.url).toBe(url);
    expect(third.heard[0]?.offset).toBeGreaterThan(second.heard[0]?.offset as number);
  });

  it('takes a 503 to its HEAD as a failure with its Retry-After, not as a reason to start anew', async () => {
    const seen: Seen[] = [];
    const base = await serve((req, res) => {
      res.writeHead(503, { 'Retry-After': '30', 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Bảo trì' } }));
    }, seen);
    const source = await sourceOf(1000);
    const { result } = await upload(
      new ReferenceAdapter({ endpoint: base, token: 'secret-token' }),
      source,
      `${base}/api/v1/uploads/u1`,
    );
    expect(result).toBeInstanceOf(PublishError);
    expect(result).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
  });

  it('refuses a redirected PATCH and sends nothing where it points', async () => {
    const elsewhere: Seen[] = [];
    const other = await serve((_req, res) => res.writeHead(204).end(), elsewhere);
    const base = await serve((req, res) => {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Upload-Length': '1000' });
        res.end();
        return;
      }
      res.writeHead(307, { Location: `${other}/api/v1/uploads/u1` });
      res.end();
    });
    const source = await sourceOf(1000);
    const { result } = await upload(
      new ReferenceAdapter({ endpoint: base, token: 'secret-token' }),
      source,
      `${base}/api/v1/uploads/u1`,
    );
    expect(result).toBeInstanceOf(PublishError);
    expect(result).toMatchObject({ kind: 'refused' });
    expect((result as PublishError).message).toContain('chuyển hướng sang địa chỉ khác');
    expect(elsewhere).toEqual([]);
  });

  it('does not ask another endpoint after an upload it kept: a new one on this endpoint', async () => {
    const elsewhere: Seen[] = [];
    const other = await serve((_req, res) => res.writeHead(200).end(), elsewhere);
    const base = await startSandbox();
    const source = await sourceOf(1000);
    const { result, heard } = await upload(
      new ReferenceAdapter({ endpoint: base, token: TOKEN }),
      source,
      `${other}/api/v1/uploads/u1`,
    );
    expect(result).toMatchObject({ offset: 1000 });
    expect(heard[0]?.url.startsWith(`${base}/api/v1/uploads/`)).toBe(true);
    expect(elsewhere).toEqual([]);
  });
});
