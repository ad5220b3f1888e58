import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  PUBLISH_AUTH_KINDS,
  PUBLISH_PROTOCOLS,
  StudioError,
  type PublishCheckResult,
  type PublishSettings,
  type PublishFieldMapping,
  type QueuedOutboxItem,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';
import { readSecret } from '../password-input';

const USAGE = [
  'studio publish configure --endpoint URL --station MÃ_ĐÀI --token-stdin [--protocol reference|flat] [--mapping TỆP.json] [--json]',
  'studio publish configure --endpoint URL --station MÃ_ĐÀI --auth oauth2 --client-id MÃ_ỨNG_DỤNG --secret-stdin [--token-url URL] [--protocol …] [--mapping …] [--json]',
  'studio publish check [--json]',
  'studio publish CHƯƠNG_TRÌNH --user TÊN [--json]',
  'studio publish withdraw MÃ_MỤC --reason LÝ_DO --user TÊN [--json]',
].join('\n       ');

/**
 * `studio publish configure|check`: where the studio publishes to the province, through the same
 * `publish.*` calls as the System screen (an admin's: `publish.configure`). The token is read from
 * stdin (piped, its last line break removed; or typed without echo at a terminal), stored sealed,
 * and never printed; with `--auth oauth2` the OAuth2 client secret is read the same way
 * (`--secret-stdin`) beside its `--client-id`, and `--token-url` names a token endpoint other than
 * the protocol's. `--protocol` picks the adapter (`reference`, or `flat`: publish/flat-adapter.ts);
 * `--mapping FILE` sets the field mapping from a JSON file ({ rename, subjectAreas, priorities }).
 * `--json` prints ONE object (fields may be added, never renamed or removed): for `configure`
 * `{ "endpoint", "stationCode", "authKind", "tokenSet", "clientId", "clientSecretSet", "tokenUrl",
 * "protocol", "fieldMapping" }`; for `check`
 * `{ "outcome", "message", "technical"?, "endpoint", "checkedAt" }`, where outcome is `ok`,
 * `tokenRefused`, `unreachable`, `notReference` or `notConfigured`. `check` exits 1 unless `ok`.
 *
 * `studio publish PROGRAMME` queues an approved programme for the province (`publish.queue`, whoever
 * holds `publish.send`); `studio outbox run` sends it. `--json` prints the outbox item
 * `{ "id", "programmeId", "title", "sha256", "bytes", "state", "priority", "bytesSent", "attempts",
 * "lastError", "nextAttemptAt", "bulletinId", "queuedAt", "queuedBy", "sentAt", "alreadyQueued" }`
 * (`alreadyQueued`: that approved master was queued or sent before; nothing new was queued).
 *
 * `studio publish withdraw MÃ_MỤC --reason LÝ_DO` withdraws the bulletin an outbox item sent
 * (`publish.withdraw`: a chief editor's or an admin's); `--json` prints the item.
 */
export const publishCommand: CliCommand = {
  name: 'publish',
  summary: 'Gửi lên tỉnh: đặt địa chỉ, mã đài, mã truy cập hoặc OAuth2; kiểm tra kết nối',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        endpoint: { type: 'string' },
        station: { type: 'string' },
        'token-stdin': { type: 'boolean', default: false },
        reason: { type: 'string' },
        auth: { type: 'string', default: 'bearer' },
        'client-id': { type: 'string' },
        'secret-stdin': { type: 'boolean', default: false },
        'token-url': { type: 'string' },
        protocol: { type: 'string' },
        mapping: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...extra] = positionals;
    const usage = (why = '') => new StudioError('INVALID_REQUEST', `${why}Cách dùng: ${USAGE}`);
    if (action === 'withdraw') {
      const [itemId, ...more] = extra;
      if (!itemId || more.length > 0 || !values.reason?.trim()) throw usage('Cần mã mục và --reason. ');
      const session = await openSession(values.data);
      try {
        const item = await session.call('publish.withdraw', { itemId, reason: values.reason });
        if (values.json) io.out(JSON.stringify(item));
        else io.out(`Đã rút bản tin “${item.title}” (${item.bulletinId ?? ''}) khỏi hệ thống của tỉnh.`);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (extra.length > 0) throw usage();
    if (action === 'configure') {
      const auth = values.auth as (typeof PUBLISH_AUTH_KINDS)[number];
      if (!(PUBLISH_AUTH_KINDS as readonly string[]).includes(auth))
        throw usage(`--auth là ${PUBLISH_AUTH_KINDS.join(' hoặc ')}. `);
      const protocol = values.protocol as (typeof PUBLISH_PROTOCOLS)[number] | undefined;
      if (protocol !== undefined && !(PUBLISH_PROTOCOLS as readonly string[]).includes(protocol))
        throw usage(`--protocol là ${PUBLISH_PROTOCOLS.join(' hoặc ')}. `);
      if (!values.endpoint || !values.station) throw usage('Cần đủ --endpoint, --station và --token-stdin. ');
      if (auth === 'bearer' && !values['token-stdin'])
        throw usage('Cần đủ --endpoint, --station và --token-stdin. ');
      if (auth === 'oauth2' && (!values['client-id'] || !values['secret-stdin']))
        throw usage('Với --auth oauth2 cần --client-id và --secret-stdin. ');
      const fieldMapping = values.mapping === undefined ? undefined : await readMapping(values.mapping);
      // Read before the studio opens: typing must not hold the data folder.
      const secret = await readSecret(
        auth === 'oauth2' ? 'Khoá bí mật (client secret) do tỉnh cấp: ' : 'Mã truy cập do tỉnh cấp: ',
      );
      if (!secret) {
        throw new StudioError(
          'INVALID_REQUEST',
          `${auth === 'oauth2' ? 'Khoá bí mật' : 'Mã truy cập'} trống: không có gì được lưu.`,
        );
      }
      const session = await openSession(values.data);
      try {
        const saved = await session.call('publish.configure', {
          endpoint: values.endpoint,
          stationCode: values.station,
          authKind: auth,
          ...(auth === 'oauth2'
            ? { clientId: values['client-id'], clientSecret: secret }
            : { token: secret }),
          ...(values['token-url'] === undefined ? {} : { tokenUrl: values['token-url'] }),
          ...(protocol === undefined ? {} : { protocol }),
          ...(fieldMapping === undefined ? {} : { fieldMapping }),
        });
        printSettings(saved, values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'check') {
      const session = await openSession(values.data);
      try {
        const result = await session.call('publish.check', {});
        printCheck(result, values.json, io);
        return result.outcome === 'ok' ? 0 : 1;
      } finally {
        await session.close();
      }
    }
    if (action && action !== 'configure' && action !== 'check') {
      const session = await openSession(values.data);
      try {
        const item = await session.call('publish.queue', { programmeId: action });
        printQueued(item, values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    throw usage();
  },
};

function printQueued(item: QueuedOutboxItem, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(item));
  io.out(
    !item.alreadyQueued
      ? `Đã đưa “${item.title}” vào hàng đợi gửi lên tỉnh. Chạy "studio outbox run" để gửi.`
      : `“${item.title}” đã có trong hàng đợi gửi lên tỉnh (trạng thái: ${item.state}).`,
  );
}

/** The field mapping's JSON file, as it is: the call's schema says what is wrong with it. */
async function readMapping(file: string): Promise<PublishFieldMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new StudioError(
      'INVALID_REQUEST',
      `Không đọc được tệp ánh xạ trường ${file}: ${(err as Error).message}`,
    );
  }
  try {
    // Checked by publish.configure's schema in main, like every request.
    return JSON.parse(text) as PublishFieldMapping;
  } catch {
    throw new StudioError('INVALID_REQUEST', `Tệp ánh xạ trường ${file} không phải JSON.`);
  }
}

function printSettings(s: PublishSettings, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(s));
  io.out(`Đã lưu nơi gửi lên tỉnh: ${s.endpoint ?? '(chưa có)'}, mã đài ${s.stationCode ?? '(chưa có)'}.`);
  if (s.authKind === 'oauth2') {
    io.out(
      `OAuth2: mã ứng dụng ${s.clientId ?? '(chưa có)'}, khoá bí mật ${s.clientSecretSet ? 'đã lưu (đã mã hoá)' : 'chưa có'}.`,
    );
  } else io.out(s.tokenSet ? 'Mã truy cập: đã lưu (đã mã hoá).' : 'Mã truy cập: chưa có.');
  if (s.protocol !== 'reference') io.out(`Giao thức: ${s.protocol}.`);
}

function printCheck(r: PublishCheckResult, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(r));
  io.out(r.message);
  if (r.technical) io.out(`Chi tiết: ${r.technical}`);
}
