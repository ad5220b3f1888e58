/**
 * Publishing benchmark (issue 14): upload throughput on loopback of a 256 MiB file through the
 * reference adapter (tus-js-client) to a provincial sandbox, beside curl sending the same file to
 * the same sandbox in the same run with the same tus requests (POST creation, then one PATCH of the
 * whole file, by `--data-binary @file` and by `-T file`, the anchor the faster of the two). All
 * include the sandbox's SHA-256 check of the completed upload. The machine is shared: each figure
 * is the best of a few rounds, taken alternately.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { ReferenceAdapter } from '../src-main/publish/reference-adapter';
import type { Benchmark } from './benchmark';
import { time } from './support';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', 'publish');
const MB = 1024 * 1024;
const SIZE = 256 * MB;
const FILE = path.join(CACHE, 'upload-256MiB.bin');
const TOKEN = 'bench-token-0123456789';
const ROUNDS = 7;

/** The file to send (random bytes: the sandbox treats audio as opaque), made once. */
async function ensureFile(): Promise<string> {
  if (existsSync(FILE)) return FILE;
  await mkdir(CACHE, { recursive: true });
  const part = `${FILE}.part`;
  const out = createWriteStream(part);
  for (let written = 0; written < SIZE; written += 4 * MB) {
    if (!out.write(randomBytes(4 * MB))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await rename(part, FILE);
  return FILE;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Runs curl; resolves to its stdout, rejects with its stderr on a non-zero exit. */
function curl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['--silent', '--show-error', ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`curl exited ${code}: ${err.trim()}`)),
    );
  });
}

/**
 * curl doing the tus requests: POST creation, then the whole file in one PATCH, its body read into
 * memory first (`--data-binary @file`) or streamed from the file (`-T file`).
 */
async function curlUpload(base: string, file: string, sha: string, body: 'data-binary' | 'T'): Promise<void> {
  const tus = ['-H', 'Tus-Resumable: 1.0.0', '-H', `Authorization: Bearer ${TOKEN}`];
  const meta = `sha256 ${Buffer.from(sha).toString('base64')},filename ${Buffer.from('bench.wav').toString('base64')}`;
  const created = await curl([
    ...['-X', 'POST', '-D', '-', '-o', '/dev/null', ...tus],
    ...['-H', `Upload-Length: ${SIZE}`, '-H', `Upload-Metadata: ${meta}`],
    `${base}/api/v1/uploads`,
  ]);
  const location = /^location:\s*(\S+)/im.exec(created)?.[1];
  if (!location) throw new Error(`curl: no Location in\n${created}`);
  const status = await curl([
    ...['-X', 'PATCH', '-o', '/dev/null', '-w', '%{http_code}', ...tus],
    ...['-H', 'Content-Type: application/offset+octet-stream', '-H', 'Upload-Offset: 0', '-H', 'Expect:'],
    ...(body === 'T' ? ['-T', file] : ['--data-binary', `@${file}`]),
    new URL(location, base).href,
  ]);
  if (status !== '204') throw new Error(`curl PATCH answered ${status}`);
}

/**
 * A sandbox of its own for one upload, in a process of its own (`studio provincial-sandbox`), as
 * the province's server is for the studio and for curl alike; removed after (each upload is
 * 256 MiB on disk).
 */
async function withSandbox<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'studio-bench-sandbox-'));
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'bin/studio.js'),
      'provincial-sandbox',
      '--port',
      '0',
      '--data',
      dataDir,
      '--token',
      TOKEN,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code) =>
        reject(new Error(`the sandbox exited (${code}) before it served: ${out}`)),
      );
    });
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'publish: upload 256 MiB on loopback',
    anchor: 'curl, tus POST + one PATCH (the faster of --data-binary, -T)',
    async run() {
      const file = await ensureFile();
      const sha256 = await sha256Of(file);
      const source = { file, bytes: SIZE, sha256, filename: 'bench.wav' };
      const ways = {
        'data-binary': (url: string) => curlUpload(url, file, sha256, 'data-binary'),
        T: (url: string) => curlUpload(url, file, sha256, 'T'),
        ours: async (url: string) => {
          const adapter = new ReferenceAdapter({ endpoint: url, token: TOKEN });
          const done = await adapter.upload(source, null, () => undefined);
          if (done.offset !== SIZE) throw new Error(`uploaded ${done.offset} of ${SIZE}`);
        },
      };
      const best = { 'data-binary': Infinity, T: Infinity, ours: Infinity };
      const names = Object.keys(ways) as Array<keyof typeof ways>;
      for (let i = 0; i < ROUNDS; i++) {
        // Each round in another order: none always goes first, or right after another's writes.
        for (let j = 0; j < names.length; j++) {
          const name = names[(i + j) % names.length] as keyof typeof ways;
          best[name] = Math.min(best[name], await withSandbox((url) => time(() => ways[name](url))));
        }
      }
      const anchor = Math.min(best['data-binary'], best.T);
      const mbps = (ms: number) => SIZE / MB / (ms / 1000);
      return {
        ours: mbps(best.ours),
        anchor: mbps(anchor),
        unit: 'MB/s',
        higherIsBetter: true,
        target: '≥ 0.9×',
        note:
          `MiB/s, best of ${ROUNDS} (rounds in turning order), each from creation to the sandbox's SHA-256-checked completion; ours in ` +
          `PATCHes of the adapter's piece size; curl --data-binary ${mbps(best['data-binary']).toFixed(0)}, ` +
          `-T ${mbps(best.T).toFixed(0)}`,
      };
    },
  },
];
