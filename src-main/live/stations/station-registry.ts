/**
 * The stations registry (issue 15): the commune receiving clusters the studio feeds, in a small
 * configuration document (lowdb, `db/stations.json`) an administrator may read and back up by hand.
 *
 * Secrets are sealed (platform/secret-box.ts) before they are written: each station's pull token,
 * so that its URL can be shown again later, and an SRT passphrase. Beside each sealed token is its
 * SHA-256, so the stream server checks a receiver's token without opening any secret.
 * Stations are disabled, never removed: the broadcast log will name them long after.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  StudioError,
  type Station,
  type StationAdd,
  type StationCsvExport,
  type StationImportResult,
  type StationList,
  type StationReach,
  type StationReachInput,
  type StationStreams,
  type StationUpdate,
} from '../../contract';
import type { SealedSecret, SecretBox } from '../../platform/secret-box';
import type { Collection, CollectionOptions, Store } from '../../store';
import { readStationCsv, stationsToCsv, type StationCsvRow } from './station-csv';
import { defaultStreamBaseUrl, streamUrls } from './stream-urls';

type StoredReach =
  | { kind: 'pull' }
  | { kind: 'icecast'; mount: string }
  | { kind: 'push'; protocol: 'rtp'; host: string; port: number }
  | { kind: 'push'; protocol: 'srt'; host: string; port: number; passphrase: SealedSecret };

interface StoredStation {
  code: string;
  name: string;
  unitCode: string | null;
  unitName: string | null;
  group: string | null;
  reach: StoredReach;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  token: SealedSecret;
  /** Hex SHA-256 of the token: what a receiver's token is checked against. */
  tokenSha256: string;
}

interface StoredStations {
  /** Set by an administrator; null: the default (`defaultStreamBaseUrl`). */
  streamBaseUrl: string | null;
  stations: StoredStation[];
}

const sealedSchema = z.object({ scheme: z.enum(['safe-storage', 'key-file']), data: z.string() });

const storedReachSchema = z.union([
  z.object({ kind: z.literal('pull') }),
  z.object({ kind: z.literal('icecast'), mount: z.string() }),
  z.object({ kind: z.literal('push'), protocol: z.literal('rtp'), host: z.string(), port: z.number() }),
  z.object({
    kind: z.literal('push'),
    protocol: z.literal('srt'),
    host: z.string(),
    port: z.number(),
    passphrase: sealedSchema,
  }),
]);

const storedSchema = z.object({
  streamBaseUrl: z.string().nullable(),
  stations: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      unitCode: z.string().nullable(),
      unitName: z.string().nullable(),
      group: z.string().nullable(),
      reach: storedReachSchema,
      enabled: z.boolean(),
      createdAt: z.string(),
      updatedAt: z.string(),
      token: sealedSchema,
      tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
}) satisfies z.ZodType<StoredStations>;

/** What one imported row will change, its secrets sealed ahead of the write. */
interface ImportChange {
  row: StationCsvRow;
  reach?: StoredReach;
  /** A new station's token, and sealed. */
  fresh?: { token: string; sealed: SealedSecret };
}

const STATIONS_COLLECTION: CollectionOptions<StoredStations> = {
  name: 'stations',
  label: 'danh sách cụm thu',
  version: 1,
  schema: storedSchema,
  defaults: () => ({ streamBaseUrl: null, stations: [] }),
};

/** 24 random bytes, URL-safe: 32 characters a receiver's configuration page takes as they are. */
function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function publicReach(reach: StoredReach): StationReach {
  if (reach.kind === 'push' && reach.protocol === 'srt') {
    const { passphrase, ...rest } = reach;
    return { ...rest, passphraseSet: passphrase !== undefined };
  }
  return reach;
}

function publicStation(s: StoredStation): Station {
  return {
    code: s.code,
    name: s.name,
    unitCode: s.unitCode,
    unitName: s.unitName,
    group: s.group,
    reach: publicReach(s.reach),
    enabled: s.enabled,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export class StationRegistry {
  private constructor(
    private readonly collection: Collection<StoredStations>,
    private readonly secrets: SecretBox,
    private readonly defaultBaseUrl: () => string,
    private readonly now: () => Date,
  ) {}

  static async open(
    store: Store,
    secrets: SecretBox,
    options: { defaultBaseUrl?: () => string; now?: () => Date } = {},
  ): Promise<StationRegistry> {
    return new StationRegistry(
      await store.collection(STATIONS_COLLECTION),
      secrets,
      options.defaultBaseUrl ?? (() => defaultStreamBaseUrl()),
      options.now ?? (() => new Date()),
    );
  }

  list(): StationList {
    const { streamBaseUrl, stations } = this.collection.read();
    return {
      stations: stations.map(publicStation),
      streamBaseUrl: streamBaseUrl ?? this.defaultBaseUrl(),
      streamBaseIsDefault: streamBaseUrl === null,
    };
  }

  /** One station, or NOT_FOUND in Vietnamese. */
  get(code: string): Station {
    return publicStation(this.stored(code));
  }

  /** A station's name, for the audit viewer; null when the code is unknown. */
  nameOf(code: string): string | null {
    return this.collection.read().stations.find((s) => s.code === code)?.name ?? null;
  }

  async add(input: StationAdd): Promise<StationStreams> {
    if (this.collection.read().stations.some((s) => s.code === input.code))
      throw new StudioError(
        'CONFLICT',
        `Đã có cụm thu mã ${input.code}. Hãy chọn mã khác hoặc sửa cụm thu đó.`,
      );
    const token = newToken();
    const at = this.now().toISOString();
    const station: StoredStation = {
      code: input.code,
      name: input.name,
      unitCode: input.unitCode,
      unitName: input.unitName,
      group: input.group,
      reach: await this.sealReach(input.reach, null),
      enabled: true,
      createdAt: at,
      updatedAt: at,
      token: await this.secrets.seal(token),
      tokenSha256: sha256(token),
    };
    await this.collection.update((doc) => {
      // Checked again in the queue: two adds of one code at once make one station.
      if (doc.stations.some((s) => s.code === station.code))
        throw new StudioError('CONFLICT', `Đã có cụm thu mã ${station.code}.`);
      doc.stations.push(station);
    });
    return this.streamsOf(station, token);
  }

  async update(change: StationUpdate): Promise<Station> {
    const before = this.stored(change.code);
    const reach = change.reach ? await this.sealReach(change.reach, before.reach) : undefined;
    const next = await this.change(change.code, (s) => ({
      ...s,
      ...(change.name === undefined ? {} : { name: change.name }),
      ...(change.unitCode === undefined ? {} : { unitCode: change.unitCode }),
      ...(change.unitName === undefined ? {} : { unitName: change.unitName }),
      ...(change.group === undefined ? {} : { group: change.group }),
      ...(reach ? { reach } : {}),
    }));
    return publicStation(next);
  }

  async setEnabled(code: string, enabled: boolean): Promise<Station> {
    return publicStation(await this.change(code, (s) => ({ ...s, enabled })));
  }

  /** The station's token and URLs: opened from its seal. */
  async streams(code: string): Promise<StationStreams> {
    const station = this.stored(code);
    return this.streamsOf(station, await this.secrets.open(station.token));
  }

  async rotateToken(code: string): Promise<StationStreams> {
    this.stored(code);
    const token = newToken();
    const sealed = await this.secrets.seal(token);
    const next = await this.change(code, (s) => ({ ...s, token: sealed, tokenSha256: sha256(token) }));
    return this.streamsOf(next, token);
  }

  async configure(streamBaseUrl: string | null): Promise<StationList> {
    await this.collection.update((doc) => ({ ...doc, streamBaseUrl }));
    return this.list();
  }

  /**
   * Whether `token` is the token of an enabled station `code`: what the stream server asks for
   * every receiver, compared in constant time against the stored hash (no secret opened).
   */
  acceptsToken(code: string, token: string): boolean {
    const station = this.collection.read().stations.find((s) => s.code === code);
    if (!station?.enabled) return false;
    return timingSafeEqual(Buffer.from(sha256(token), 'hex'), Buffer.from(station.tokenSha256, 'hex'));
  }

  /** A push station's SRT passphrase, opened for its output only (never answered by a call). */
  async srtPassphrase(code: string): Promise<string | null> {
    const reach = this.stored(code).reach;
    return reach.kind === 'push' && reach.protocol === 'srt'
      ? await this.secrets.open(reach.passphrase)
      : null;
  }

  /**
   * Every station as CSV (UTF-8 with BOM), without secrets, written through `file.part` and renamed
   * when whole. Refuses a file that is there unless `overwrite`.
   */
  async exportCsv(file: string, overwrite: boolean): Promise<StationCsvExport> {
    if (!overwrite && (await exists(file)))
      throw new StudioError(
        'CONFLICT',
        'Đã có một tệp trùng tên ở đó. Hãy đặt tên khác, hoặc xác nhận ghi đè.',
      );
    const { stations } = this.list();
    const text = stationsToCsv(stations);
    const part = `${file}.${randomUUID().slice(0, 8)}.part`;
    try {
      await writeFile(part, text, { encoding: 'utf8', flag: 'wx', flush: true });
      await rename(part, file);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
    return { file, rows: stations.length, sizeBytes: Buffer.byteLength(text, 'utf8') };
  }

  /**
   * Adds or changes stations by code from CSV: every row is checked first (and every SRT passphrase
   * sealed, every new token made), then all are written in one change, or none.
   */
  async importCsv(text: string): Promise<StationImportResult> {
    const existing = new Map(this.collection.read().stations.map((s) => [s.code, s]));
    const rows = readStationCsv(text, (code) => {
      const reach = existing.get(code)?.reach;
      return reach?.kind === 'push' && reach.protocol === 'srt';
    });
    // Secrets are sealed before the one write (sealing may wait on the OS's keychain); what each
    // row changes is applied inside it, to the stations as they are then.
    const changes: ImportChange[] = [];
    for (const row of rows) {
      const before = existing.get(row.code);
      const reach = row.reach ? await this.sealReach(row.reach, before?.reach ?? null) : undefined;
      // A token only for a new station (stations are never removed, so one there now stays).
      const token = before ? null : newToken();
      changes.push({
        row,
        ...(reach ? { reach } : {}),
        ...(token ? { fresh: { token, sealed: await this.secrets.seal(token) } } : {}),
      });
    }
    const at = this.now().toISOString();
    const added: string[] = [];
    const updated: string[] = [];
    await this.collection.update((doc) => {
      added.length = 0;
      updated.length = 0;
      for (const { row, reach, fresh } of changes) {
        const index = doc.stations.findIndex((s) => s.code === row.code);
        const current = doc.stations[index];
        if (current) {
          doc.stations[index] = {
            ...current,
            name: row.name,
            ...(row.unitCode === undefined ? {} : { unitCode: row.unitCode }),
            ...(row.unitName === undefined ? {} : { unitName: row.unitName }),
            ...(row.group === undefined ? {} : { group: row.group }),
            ...(reach ? { reach } : {}),
            ...(row.enabled === undefined ? {} : { enabled: row.enabled }),
            updatedAt: at,
          };
          updated.push(row.code);
        } else {
          if (!fresh)
            throw new StudioError('CONFLICT', `Cụm thu ${row.code} vừa thay đổi; hãy nhập lại tệp.`);
          doc.stations.push({
            code: row.code,
            name: row.name,
            unitCode: row.unitCode ?? null,
            unitName: row.unitName ?? null,
            group: row.group ?? null,
            reach: reach ?? { kind: 'pull' },
            enabled: row.enabled ?? true,
            createdAt: at,
            updatedAt: at,
            token: fresh.sealed,
            tokenSha256: sha256(fresh.token),
          });
          added.push(row.code);
        }
      }
    });
    return { added, updated, rows: rows.length };
  }

  private stored(code: string): StoredStation {
    const station = this.collection.read().stations.find((s) => s.code === code);
    if (!station) throw new StudioError('NOT_FOUND', `Không có cụm thu mã ${code}.`);
    return station;
  }

  private async change(code: string, mutate: (s: StoredStation) => StoredStation): Promise<StoredStation> {
    let changed: StoredStation | undefined;
    await this.collection.update((doc) => {
      const index = doc.stations.findIndex((s) => s.code === code);
      if (index < 0) throw new StudioError('NOT_FOUND', `Không có cụm thu mã ${code}.`);
      changed = { ...mutate(doc.stations[index]!), updatedAt: this.now().toISOString() };
      doc.stations[index] = changed;
    });
    return changed!;
  }

  /** The reach to store: an SRT passphrase sealed, or kept from `before` when none is given. */
  private async sealReach(reach: StationReachInput, before: StoredReach | null): Promise<StoredReach> {
    if (reach.kind !== 'push' || reach.protocol !== 'srt') return reach;
    const { passphrase, ...rest } = reach;
    if (passphrase !== undefined) return { ...rest, passphrase: await this.secrets.seal(passphrase) };
    if (before?.kind === 'push' && before.protocol === 'srt')
      return { ...rest, passphrase: before.passphrase };
    throw new StudioError(
      'INVALID_REQUEST',
      'Cụm thu nhận qua SRT cần mật khẩu SRT (10–79 ký tự) để mã hoá đường truyền.',
    );
  }

  private streamsOf(station: StoredStation, token: string): StationStreams {
    const { streamBaseUrl } = this.list();
    return {
      station: publicStation(station),
      token,
      streams: streamUrls(streamBaseUrl, station.code, token),
    };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
