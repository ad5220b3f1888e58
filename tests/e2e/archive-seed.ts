/**
 * A station's archive for the archive specs, written into a data folder before the studio starts,
 * through the studio's own services and router (as staff would have made it over the years): library
 * items in Vietnamese, Tày and Mông from several reporters and years, and a rendered programme of
 * two reports, the second (in Mông) starting 4 seconds in.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import { localCaller } from '../../src-main/app/policy';
import type { ProgrammeState } from '../../src-main/contract';
import { makeTone } from './audio';

const S = 48_000;

export interface SeededItem {
  title: string;
  language: string;
  reporter: string;
  subject: string;
  recordedAt: string;
  seconds: number;
}

export const SEEDED_ASSETS: readonly SeededItem[] = [
  {
    title: 'Đời sống nông thôn mới ở Nà Pục',
    language: 'vie',
    reporter: 'Nguyễn Thị Lan',
    subject: 'Nông nghiệp',
    recordedAt: '2025-04-02',
    seconds: 3,
  },
  {
    title: 'Doi song van hoa khu dan cu',
    language: 'vie',
    reporter: 'Nguyễn Thị Lan',
    subject: 'Văn hóa',
    recordedAt: '2024-11-20',
    seconds: 3,
  },
  {
    title: 'Phỏng vấn ông Hoàng Văn Đức về thủy lợi',
    language: 'tyz',
    reporter: 'Lộc Văn Sơn',
    subject: 'Nông nghiệp',
    recordedAt: '2025-06-15',
    seconds: 3,
  },
  {
    title: 'Cà phê Đắk Lắk vào vụ thu hoạch',
    language: 'vie',
    reporter: 'Trần Văn Hùng',
    subject: 'Kinh tế',
    recordedAt: '2024-10-05',
    seconds: 3,
  },
];

/** The rendered programme and its two reports (segments). */
export const SEEDED_PROGRAMME = {
  title: 'Bản tin nông nghiệp tháng Ba',
  first: { title: 'Thời tiết đầu vụ xuân', language: 'vie', seconds: 4 },
  second: { title: 'Giống lúa mới cho bà con người Mông', language: 'hnj', seconds: 4 },
} as const;

/** A folder for the archive's data folder (`data`), its inputs and its render; the spec removes it. */
export function archiveHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-archive-'));
}

/** Writes the archive above into `<home>/data`. */
export async function seedArchive(home: string): Promise<void> {
  const dataDir = path.join(home, 'data');
  const inputs = path.join(home, 'in');
  const out = path.join(home, 'out');
  mkdirSync(inputs);
  mkdirSync(out);
  const studio = await composeStudio({
    dataDir,
    appVersion: 'test',
    host: 'web',
    env: process.env,
    homeDir: home,
  });
  try {
    await studio.services.folders.choose(home);
    const connection = studio.connect(localCaller('web'));
    const call = async <T>(name: string, request: unknown): Promise<T> => {
      const reply = await connection.call(name, request);
      if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
      return reply.result as T;
    };
    const importAs = async (file: string, title: string, metadata: Record<string, unknown>) => {
      const r = await studio.services.media.importer.importOne(file, { metadata: { title, ...metadata } });
      if (!r.ok) throw new Error(r.error.message);
      return r.asset.id;
    };

    let n = 0;
    const tone = (seconds: number) =>
      makeTone(path.join(inputs, `tone-${++n}.wav`), `0.4*sin(2*PI*${220 + 60 * n}*t)`, seconds);
    for (const a of SEEDED_ASSETS) {
      const { title, seconds, ...metadata } = a;
      await importAs(tone(seconds), title, metadata);
    }

    const { first, second } = SEEDED_PROGRAMME;
    const firstId = await importAs(tone(first.seconds), first.title, { language: first.language });
    const secondId = await importAs(tone(second.seconds), second.title, { language: second.language });
    let p = await call<ProgrammeState>('programme.create', {
      metadata: {
        title: SEEDED_PROGRAMME.title,
        languages: ['vie', 'hnj'],
        subject: 'Nông nghiệp',
        authors: ['Giàng A Páo'],
        summary: 'Thời tiết đầu vụ và giống lúa mới cho bà con vùng cao.',
      },
    });
    const voice = p.tracks.find((t) => t.kind === 'voice')!.id;
    for (const [assetId, start, language] of [
      [firstId, 0, first.language],
      [secondId, first.seconds * S, second.language],
    ] as const) {
      p = await call<ProgrammeState>('programme.apply', {
        id: p.id,
        op: { type: 'add', item: { trackId: voice, source: { kind: 'asset', assetId }, start, language } },
      });
    }
    const job = await call<{ id: string }>('programme.render', { id: p.id, dir: out, formats: ['wav'] });
    const done = await studio.services.programme.renders.waitRender(job.id);
    if (done.error) throw new Error(`render: ${JSON.stringify(done.error)}`);
  } finally {
    await studio.close();
  }
}
