/**
 * An approved programme to publish (issue 14): one generated voice item for two communes, rendered
 * to a WAV master, submitted and approved through the router (or, as an emergency, approved in one
 * step). The caller of `t` must be allowed to make, submit and approve (the local admin, an admin).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { ProgrammeState } from '../../src-main/contract';
import { addAsset, importAs, S } from './programme';
import { signal } from './signals';
import type { TestStudio } from './test-studio';

let made = 0;

export async function approvedProgramme(
  t: TestStudio,
  dir: string,
  title: string,
  { seconds = 2, emergency = false }: { seconds?: number; emergency?: boolean } = {},
): Promise<ProgrammeState> {
  let p = await renderedProgramme(t, dir, title, { seconds });
  if (emergency) {
    const sha = p.lastRender?.files.find((x) => x.format === 'wav')?.sha256 as string;
    return t.call('programme.approve', { id: p.id, masterSha256: sha, emergency: true });
  }
  p = await t.call('programme.submit', { id: p.id });
  return t.call('programme.approve', { id: p.id, masterSha256: p.approval.masterSha256 as string });
}

/** The same programme rendered but still a draft (its WAV master's SHA-256 in `lastRender`). */
export async function renderedProgramme(
  t: TestStudio,
  dir: string,
  title: string,
  { seconds = 2 }: { seconds?: number } = {},
): Promise<ProgrammeState> {
  const n = ++made;
  const voice = await importAs(
    t,
    signal(path.join(dir, `voice-${n}.wav`), { samples: seconds * S, tone: { freq: 330, amp: 0.2 } }),
    'Tin bão',
  );
  let p = await t.call('programme.create', {
    metadata: { title, languages: ['vie'], communes: ['01234', '01237'], subject: 'Phòng chống thiên tai' },
  });
  p = (await addAsset(t, p, 'voice', voice)).p;
  const out = path.join(dir, `out-${n}`);
  await mkdir(out);
  const job = await t.call('programme.render', { id: p.id, dir: out, formats: ['wav'] });
  expect((await t.studio.services.programme.renders.waitRender(job.id)).error).toBeNull();
  return t.call('programme.get', { id: p.id });
}

/** The WAV master's path of a rendered programme. */
export const masterOf = (p: ProgrammeState): string =>
  p.lastRender?.files.find((x) => x.format === 'wav')?.file as string;
