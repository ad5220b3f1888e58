/**
 * Programmes for tests: items for the model's unit tests (`testItem`), and programmes built through
 * the router, as the Programme workspace builds them.
 */
import { readdir } from 'node:fs/promises';
import { expect } from 'vitest';
import type {
  ProgrammeItem,
  ProgrammeOpRequestIn,
  ProgrammeRenderFormat,
  ProgrammeRenderJob,
  ProgrammeState,
  ProgrammeTrackKind,
  RequestIn,
} from '../../src-main/contract';
import type { TestStudio } from './test-studio';

export const S = 48_000;

/** A programme item with every field filled: a voice item of one second by default. */
export function testItem(fields: Partial<ProgrammeItem> = {}): ProgrammeItem {
  return {
    id: 'i1',
    trackId: 't1',
    title: 'Tin',
    source: { kind: 'asset', assetId: 'a'.repeat(64) },
    start: 0,
    sourceStart: 0,
    sourceEnd: S,
    gainDb: 0,
    fadeIn: 0,
    fadeOut: 0,
    fadeCurve: 'scurve',
    crossfade: 0,
    language: 'vie',
    versionOf: null,
    duck: null,
    ...fields,
  };
}

/** Imports a generated file with a title and a spoken language. */
export async function importAs(
  t: TestStudio,
  file: string,
  title: string,
  language = 'vie',
): Promise<string> {
  const r = await t.studio.services.media.importer.importOne(file, { metadata: { title, language } });
  if (!r.ok) throw new Error(r.error.message);
  return r.asset.id;
}

export function trackId(p: ProgrammeState, kind: ProgrammeTrackKind): string {
  const track = p.tracks.find((x) => x.kind === kind);
  if (!track) throw new Error(`no ${kind} track`);
  return track.id;
}

export async function apply(
  t: TestStudio,
  p: ProgrammeState,
  op: ProgrammeOpRequestIn,
): Promise<ProgrammeState> {
  return t.call('programme.apply', { id: p.id, op });
}

type ItemIn = Extract<ProgrammeOpRequestIn, { type: 'add' }>['item'];

/** Adds an item of an asset on a track kind; returns the new state and the item's id. */
export async function addAsset(
  t: TestStudio,
  p: ProgrammeState,
  kind: ProgrammeTrackKind,
  assetId: string,
  fields: Partial<ItemIn> = {},
): Promise<{ p: ProgrammeState; id: string }> {
  const before = new Set(p.items.map((i) => i.id));
  const next = await apply(t, p, {
    type: 'add',
    item: { trackId: trackId(p, kind), source: { kind: 'asset', assetId }, ...fields },
  });
  const added = next.items.find((i) => !before.has(i.id));
  if (!added) throw new Error('no item added');
  return { p: next, id: added.id };
}

/** Starts a render and waits for its end. */
export async function render(
  t: TestStudio,
  p: ProgrammeState,
  dir: string,
  extra: Partial<RequestIn<'programme.render'>> = {},
): Promise<ProgrammeRenderJob> {
  const job = await t.call('programme.render', { id: p.id, dir, ...extra });
  return t.studio.services.programme.renders.waitRender(job.id);
}

/** Renders to the given formats and expects it to finish. */
export async function renderOk(
  t: TestStudio,
  p: ProgrammeState,
  dir: string,
  formats: ProgrammeRenderFormat[] = ['wav'],
  name?: string,
): Promise<ProgrammeRenderJob & { report: NonNullable<ProgrammeRenderJob['report']> }> {
  const done = await render(t, p, dir, { formats, ...(name ? { name } : {}) });
  expect(done.error).toBeNull();
  expect(done.state).toBe('finished');
  return done as ProgrammeRenderJob & { report: NonNullable<ProgrammeRenderJob['report']> };
}

export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}
