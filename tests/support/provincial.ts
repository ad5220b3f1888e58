/**
 * Driving the provincial sandbox as a station would: real HTTP on 127.0.0.1, audio by a real tus
 * client (tus-js-client), bulletins by fetch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Upload } from 'tus-js-client';
import {
  startProvincialSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from '../../src-main/sandbox/provincial/sandbox-server';
import { parseFaultSpec } from '../../src-main/sandbox/provincial/faults';

export const TOKEN = 'sandbox-test-token-0123';

/** Starts a sandbox on a free port; `close` is the caller's. */
export function sandbox(
  dataDir: string,
  faults = '',
  extra: Partial<SandboxOptions> = {},
): Promise<RunningSandbox> {
  return startProvincialSandbox({
    port: 0,
    dataDir,
    token: TOKEN,
    faults: parseFaultSpec(faults),
    faultsText: faults,
    ...extra,
  });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Some audio bytes: the sandbox treats audio as opaque bytes, hashed. */
export function audioBytes(size: number): Buffer {
  return randomBytes(size);
}

export function auth(token = TOKEN): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Uploads with tus-js-client; resolves to the upload id, rejects with the client's error. */
export function tusUpload(
  base: string,
  data: Buffer,
  options: { sha?: string; token?: string; withCreation?: boolean; chunkSize?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(data, {
      endpoint: `${base}/api/v1/uploads`,
      headers: auth(options.token),
      metadata: { sha256: options.sha ?? sha256(data), filename: 'ban-tin.wav', filetype: 'audio/wav' },
      uploadDataDuringCreation: options.withCreation ?? false,
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      retryDelays: [],
      onError: reject,
      onSuccess: () => resolve((upload.url ?? '').split('/').pop() as string),
    });
    upload.start();
  });
}

/** A bulletin's metadata, as a station sends it. */
export function submission(
  uploadId: string,
  sha: string,
  title = 'Bản tin phòng chống bão số 3',
): Record<string, unknown> {
  return {
    title,
    summary: 'Hướng dẫn người dân chằng chống nhà cửa trước khi bão vào.',
    subjectArea: 'Phòng chống thiên tai',
    priority: 'emergency',
    languages: [
      { code: 'vie', seconds: 120 },
      { code: 'tyz', seconds: 90 },
    ],
    targetUnits: ['01234', '01237'],
    broadcastWindows: [{ start: '2025-09-01T06:00:00+07:00', end: '2025-09-01T06:30:00+07:00' }],
    durationSeconds: 210,
    loudness: { integratedLufs: -23, truePeakDbtp: -1.2, preset: 'r128-23' },
    station: { code: 'TTVH-CB', name: 'Trung tâm VH-TT-TT Chợ Đồn' },
    authors: [{ name: 'Nguyễn Thị Hoa', role: 'phóng viên' }],
    approval: { approver: 'Trần Văn Nam', approvedAt: '2025-08-31T16:00:00+07:00' },
    audio: { uploadId, sha256: sha },
  };
}

export function publish(base: string, key: string, body: unknown, token = TOKEN): Promise<Response> {
  return fetch(`${base}/api/v1/bulletins`, {
    method: 'POST',
    headers: { ...auth(token), 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
}

export interface SandboxBulletin {
  id: string;
  idempotencyKey: string;
  title: string;
  sha256: string;
  bytes: number;
  status: string;
  reason: string | null;
  priority: 'normal' | 'priority' | 'emergency';
}

export async function held(base: string): Promise<SandboxBulletin[]> {
  return (await (await fetch(`${base}/sandbox/bulletins`)).json()) as SandboxBulletin[];
}
