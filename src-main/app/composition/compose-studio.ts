import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CALL_NAMES, StudioError, type EventPayload } from '../../contract';
import { Accounts } from '../../accounts/accounts-service';
import { SessionTable } from '../../accounts/sessions';
import { openAudioServices, type AudioServices } from '../../audio';
import { AuditLog } from '../../audit/audit-log';
import { BroadcastLog } from '../../broadcast-log/broadcast-log';
import { DeskLog } from '../../broadcast-log/desk-log';
import { AirMonitor, FALLBACK_LABEL } from '../../monitor/air-monitor';
import { MonitorService } from '../../monitor/monitor-service';
import { MonitorSettingsStore } from '../../monitor/monitor-settings';
import { WebhookPoster } from '../../monitor/webhook';
import { openEditServices, type EditServices } from '../../edit/services';
import { assertUsableFfmpeg } from '../../media/ffmpeg-check';
import { locateFfmpeg } from '../../media/ffmpeg-locator';
import { openMediaServices, type MediaServices } from '../../media/media-service';
import { RecordingService } from '../../media/recorder';
import { NotificationsService } from '../../notifications/notifications-service';
import { openProgrammeServices, type ProgrammeServices } from '../../programme/services';
import { archiveOwnersOf } from '../../archive/archive-owners';
import { ArchiveService } from '../../archive/archive-service';
import { PROVINCE_SYSTEM } from '../../programme/approval';
import { DoctorService } from '../../system/doctor-service';
import { ExportFolders } from '../../settings/export-folders';
import { readSettings, SettingsService } from '../../settings/settings-service';
import { createFileLogger, type Logger } from '../../platform/logger';
import { chooseSecretBox } from '../../platform/secret-box';
import { StationRegistry } from '../../live/stations/station-registry';
import { encodedAir } from '../../live/live-air';
import { LiveService, type EncoderRestart } from '../../live/live-service';
import { LiveSettingsStore } from '../../live/live-settings';
import { AsAired } from '../../live/as-aired';
import { ArchiveImporter } from '../../archive/import/archive-import';
import { Retention } from '../../archive/retention/retention';
import { planOccurrences, ScheduleService, ScheduleStore } from '../../schedule';
import { systemClock } from '../../schedule/schedule-clock';
import { SCHEDULE_ACTOR_NAME, ScheduleRunner } from '../../schedule/schedule-runner';
import { sqlRunMarks } from '../../schedule/schedule-runner-marks';
import { PublishSettingsService } from '../../publish/publish-settings';
import { AdapterFactory } from '../../publish/adapter-factory';
import { bulletinFactsOf } from '../../publish/bulletin-facts';
import { statusIsFinal } from '../../publish/bulletin-status';
import { Outbox } from '../../publish/outbox';
import { isProgress, OutboxEvents } from '../../publish/outbox-events';
import { OutboxRepository } from '../../publish/outbox-repository';
import {
  CALLBACK_PATH,
  StatusCallbackReceiver,
  statusCallbackConfigFrom,
} from '../../publish/status-callbacks';
import { OutboxRunner } from '../../publish/outbox-runner';
import { PublishLink } from '../../publish/publish-link';
import { acquireDataLock, type Database, Store } from '../../store';
import type { StudioConfig } from '../config';
import { EventBus } from '../event-bus';
import { createMediaLookup, openConnection } from '../connection';
import { localCaller, rolePolicy, withStationRules, type Policy } from '../policy';
import { auditCalls } from '../call-audit';
import { createSeats } from '../seats';
import { accountHandlers } from '../handlers/accounts';
import { archiveHandlers } from '../handlers/archive';
import { auditNames } from '../audit-names';
import { auditHandlers } from '../handlers/audit';
import { broadcastLogHandlers } from '../handlers/broadcast-log';
import { reportHandlers } from '../handlers/reports';
import { ReportsService } from '../../reports/reports-service';
import { monitorHandlers } from '../handlers/monitor';
import { editHandlers } from '../handlers/edit';
import { folderHandlers } from '../handlers/folders';
import { libraryTrashHandlers } from '../handlers/library-trash';
import { mediaHandlers } from '../handlers/media';
import { programmeHandlers } from '../handlers/programme';
import { publishHandlers } from '../handlers/publish';
import { publishLinkHandlers } from '../handlers/publish-link';
import { recordingHandlers } from '../handlers/recording';
import { notificationHandlers } from '../handlers/notifications';
import { recordsHandlers } from '../handlers/records';
import { stationHandlers } from '../handlers/stations';
import { liveHandlers } from '../handlers/live';
import { asAiredHandlers } from '../handlers/as-aired';
import { archiveImportHandlers } from '../handlers/archive-import';
import { scheduleHandlers } from '../handlers/schedule';
import { systemHandlers } from '../handlers/system';
import { createRouter, type Handlers, type Router } from '../router';
import type { Studio } from '../studio';
import { placesByHost } from '../writable-places';
import { RECORD_TABLES } from './record-tables';
import { moveLowdbRecords } from './move-lowdb-records';
import { openDatabase, openRecords } from './records';

/**
 * The studio as its composition root built it: besides the one door (`connect`), the router, the
 * event bus and every service, for tests and benchmarks that look inside. Hosts and the CLI get a
 * `Studio` (app/studio.ts), and the layer rule keeps them out of this folder.
 */
export interface ComposedStudio extends Studio {
  router: Router;
  events: EventBus;
  services: {
    settings: SettingsService;
    doctor: DoctorService;
    media: MediaServices;
    recording: RecordingService;
    audio: AudioServices;
    edit: EditServices;
    programme: ProgrammeServices;
    folders: ExportFolders;
    audit: AuditLog;
    accounts: Accounts;
    sessions: SessionTable;
    notifications: NotificationsService;
    publish: PublishSettingsService;
    outbox: Outbox;
    stations: StationRegistry;
    live: LiveService;
    liveSettings: LiveSettingsStore;
    /** The schedule's slots and settings (issue 16): the runner plays them. */
    schedule: ScheduleStore;
    /** What aired (nhật ký phát sóng): the schedule's runner and the desk write it. */
    broadcastLog: BroadcastLog;
    asAired: AsAired;
    /** Watching the air: the fleet's health, silence and link alarms, the webhook, the clock. */
    monitor: MonitorService;
    /** The archive (Lưu trữ, issue 17): records of assets, programmes and segments, and their search. */
    archive: ArchiveService;
    /** Plays the schedule on the live service once `startSchedule()` is called. */
    scheduleRunner: ScheduleRunner;
    outboxRunner: OutboxRunner;
    publishLink: PublishLink;
    /** The province's status callbacks (null: off, the default); started with the outbox. */
    statusCallbacks: StatusCallbackReceiver | null;
  };
}

/**
 * The composition root: builds every service from one config object and wires the router.
 * Holds the data folder's lock until `close()`: one studio process per data folder.
 */
export async function composeStudio(
  config: StudioConfig,
  policy: Policy = rolePolicy,
): Promise<ComposedStudio> {
  const releaseLock = await acquireDataLock(config.dataDir, config.host);
  try {
    return await buildStudio(config, policy, releaseLock);
  } catch (err) {
    await releaseLock();
    throw err;
  }
}

async function buildStudio(
  config: StudioConfig,
  policy: Policy,
  releaseLock: () => Promise<void>,
): Promise<ComposedStudio> {
  const events = new EventBus();
  const logDir = path.join(config.dataDir, 'logs');
  // The CLI prints its own messages; a host's console (terminal, journald) also gets warnings.
  const log = createFileLogger({ dir: logDir, echo: config.host !== 'cli' });
  log.info(`Studio ${config.appVersion} started (${config.host})`, { pid: process.pid });
  const store = new Store(config.dataDir, log.child('store'));
  const database = await openDatabase(store, RECORD_TABLES, log.child('records'));
  try {
    // What an older release kept in lowdb files (library years, edit and programme indexes) moves in.
    await moveLowdbRecords(database, store, log.child('records'));
    return await buildServices(config, policy, releaseLock, { events, log, logDir, store, database });
  } catch (err) {
    database.close();
    throw err;
  }
}

interface Foundations {
  events: EventBus;
  log: Logger;
  logDir: string;
  store: Store;
  database: Database;
}

async function buildServices(
  config: StudioConfig,
  rolesPolicy: Policy,
  releaseLock: () => Promise<void>,
  { events, log, logDir, store, database }: Foundations,
): Promise<ComposedStudio> {
  // Every call that changes something is recorded by the router in this log (app/call-audit.ts).
  const audit = await AuditLog.open({ dataDir: config.dataDir, sql: database.sql, log: log.child('audit') });
  const settings = await SettingsService.open(store, events.emit, assertUsableFfmpeg);
  const folders = await ExportFolders.open(store, {
    home: config.homeDir ?? os.homedir(),
    exportsDir: path.join(config.dataDir, 'exports'),
    user: os.userInfo().username,
  });
  const media = await openMediaServices({
    store,
    database,
    dataDir: config.dataDir,
    emit: events.emit,
    ffmpegSetting: () => settings.get().ffmpegPath,
    env: config.env,
  });

  const recording = new RecordingService({
    dataDir: config.dataDir,
    emit: events.emit,
    env: config.env,
    // Saved and recovered takes go into the library like an import, marked as recordings.
    addToLibrary: async (take) => {
      const result = await media.importer.importOne(take.file, {
        source: 'recording',
        recovered: take.recovered,
        metadata: { title: take.title, recordedAt: take.startedAt },
      });
      if (!result.ok) log.warn(`Take ${take.id} was not added to the library`, result.error);
      return result.ok ? { assetId: result.asset.id, file: media.library.audioPath(result.asset) } : null;
    },
    log: log.child('recording'),
  });
  const doctor = doctorFor(config, () => settings.get().ffmpegPath, recording);
  // Takes a crash left in recordings/in-progress/ are repaired now, before anyone can record.
  await recording.open();

  const resolveFfmpeg = async () =>
    (await locateFfmpeg({ settingPath: settings.get().ffmpegPath, env: config.env })).found?.path ?? null;
  // The audio engine's sources and preview cache, shared by the editor and the programmes.
  const audio = openAudioServices({
    dataDir: config.dataDir,
    library: media.library,
    resolveFfmpeg,
    emit: events.emit,
  });
  // 48 kHz copies of assets nobody has edited for a month go; they are rebuilt if needed.
  void audio.sources.prune().catch((err) => log.warn('Could not prune the edit cache', err));
  const edit = await openEditServices({
    store,
    database,
    dataDir: config.dataDir,
    library: media.library,
    audio,
    resolveFfmpeg,
    emit: events.emit,
  });

  // Programmes are assembled from library assets and editor projects, and rendered by the audio engine.
  const programme = await openProgrammeServices({
    store,
    database,
    dataDir: config.dataDir,
    library: media.library,
    edit,
    audio,
    resolveFfmpeg,
    emit: events.emit,
  });

  // Notifications are made from the services' events: an approval step tells those it concerns.
  const notifications = new NotificationsService({ sql: database.sql, emit: events.emit });
  const stopNotifying = events.subscribe((event, payload) => {
    if (event === 'programme.approval')
      notifications.fromApproval(payload as EventPayload<'programme.approval'>);
  });

  const records = openRecords(config, store, database, { media, edit, programme }, log.child('records'));

  // The archive is derived from the library and the programmes: brought up to date now (in the
  // background; a search waits for it), then kept so from their change events.
  const archive = new ArchiveService(
    database.sql,
    archiveOwnersOf(media.library, programme.programmes),
    log.child('archive'),
    { resolveFfmpeg, dataDir: config.dataDir },
  );
  void archive
    .syncAll()
    .catch((err: unknown) => log.child('archive').warn('Archive not brought up to date', err));
  const stopArchiving = events.subscribe((event, payload) => {
    if (event === 'library.changed') {
      const { ids } = payload as EventPayload<'library.changed'>;
      // Ignored here: the archive's queue logs a failed change, and a search still finds the rest.
      void archive.assetsChanged(ids).catch(() => undefined);
    }
    if (event === 'programme.changed' || event === 'programme.approval') {
      const id = (payload as EventPayload<'programme.changed'>).programmeId;
      // Ignored here: the archive's queue logs a failed change, and a search still finds the rest.
      void archive.programmeChanged(id).catch(() => undefined);
    }
  });

  // Users in the records database; who is signed in where, in memory only (a restart signs out).
  const accounts = new Accounts({ sql: database.sql });
  const idleLockMinutes = () => settings.get().idleLockMinutes;
  const sessions = new SessionTable({ idleMs: () => idleLockMinutes() * 60_000 });
  const seats = createSeats(accounts, sessions);

  // Secrets (the province's token, stations' tokens and SRT passphrases) are sealed by the OS's
  // keychain (Electron) or a key file.
  const secrets = chooseSecretBox({
    dataDir: config.dataDir,
    safeStorage: config.safeStorage,
    onFallback: (reason) => log.warn(`Secrets are sealed with the key file: ${reason}`),
  });
  // Where the studio publishes to.
  const publish = await PublishSettingsService.open(store, secrets);
  // The commune stations the live engine feeds (issue 15): configuration, with sealed tokens.
  const stations = await StationRegistry.open(store, secrets);
  // The live settings (db/live.json): the stream server's port, who may start an emergency (read by
  // the policy at every check), the Icecast master with its sealed password.
  const liveSettings = await LiveSettingsStore.open(store, secrets);
  // The schedule (issue 16): slots in the records database, its settings in db/schedule.json.
  const schedule = await ScheduleStore.open(store, database.sql);
  const scheduleService = new ScheduleService({
    store: schedule,
    stations: () => stations.list().stations,
    emit: events.emit,
    resolveFfmpeg,
    // Only a programme's approved master, hash checked now (schedule may not import programme/).
    approvedProgramme: async (id) => {
      const master = await programme.approvedMaster(id);
      return { title: master.title, file: master.file, sha256: master.sha256 };
    },
  });
  const policy = withStationRules(rolesPolicy, () => liveSettings.emergencyRoles());
  // The monitor's settings (db/monitor.json): the silence alarm, the webhook, a relay's fallback,
  // and how long the as-aired recordings are kept.
  const monitorSettings = await MonitorSettingsStore.open(store);
  // What went out, recorded per channel as sent (issue 16), kept by the retention rule (12 months
  // by default, never under 6: the monitor's settings).
  const asAired = await AsAired.open({
    root: path.join(config.dataDir, 'as-aired'),
    retentionMonths: () => monitorSettings.get().retentionMonths,
    log: log.child('as-aired'),
    ...(config.asAiredSegmentMs ? { segmentMs: config.asAiredSegmentMs } : {}),
  });
  // Set once the monitor and the log exist (below); the air cannot restart an encoder before.
  let encoderRestarted: (restart: EncoderRestart) => void = () => undefined;
  const live = new LiveService({
    registry: stations,
    settings: liveSettings,
    emit: events.emit,
    log: log.child('live'),
    resolveFfmpeg,
    assetFile: async (id) => {
      const asset = media.library.get(id);
      return { file: media.library.audioPath(asset), title: asset.title };
    },
    // programme:ID on the air: the approved master only, its hash checked as it goes on.
    approvedMaster: (id) => programme.approvedMaster(id),
    ...(config.standardInput ? { standardInput: config.standardInput } : {}),
    // The bus with its encoders: every output is fed from the air's taps.
    openAir: encodedAir,
    ...(config.liveStreamHost ? { streamHost: config.liveStreamHost } : {}),
    // The live microphone is the recorder's capture of that input, mono (live may not import media).
    micCommand: (device) => recording.captureCommand(device ?? undefined, 1),
    recordAir: (channel, tap) => asAired.record(channel, tap),
    // The supervisor's restarts: the monitor's alarm (shown, POSTed) and a note on what was on air.
    encoderRestarted: (restart) => encoderRestarted(restart),
  });

  // What aired, where and for how long (issue 16): written as it airs, read by the archive.
  const broadcastLog = new BroadcastLog(database.sql, (id) => events.emit('broadcastLog.changed', { id }));
  // The month's airtime by language, station and subject (issue 17), from that log.
  const reports = new ReportsService({
    log: broadcastLog,
    programmes: programme.programmes,
    languages: () => settings.get().languages,
    stationName: (code) => stations.nameOf(code),
    auditChainHead: () => audit.head.sha256,
    env: config.env,
  });
  // The schedule played by itself on the live service, once a host starts it (`startSchedule`).
  const scheduleRunner = new ScheduleRunner({
    schedule,
    plan: planOccurrences,
    stations: () => stations.list().stations,
    live,
    log: broadcastLog,
    approvedMaster: (id) => programme.approvedMaster(id),
    clock: config.scheduleClock ?? systemClock,
    logger: log.child('schedule'),
    // What ran survives a restart: a finished slot is not played again, one under way goes on.
    runs: sqlRunMarks(database.sql),
  });

  // What the desk puts on the air by hand (and emergencies started by hand) goes into the log as
  // the live state shows it; the runner logs its own items.
  const deskLog = new DeskLog({
    sink: broadcastLog,
    state: () => live.state(),
    ownWriters: [SCHEDULE_ACTOR_NAME],
    log: log.child('broadcast-log'),
  });

  // Watching the air (issue 16): silence and lost stations from the live engine's own reports,
  // alarms shown and POSTed to the station's webhook, a silent relay's fallback played by the desk.
  const webhook = new WebhookPoster(log.child('monitor'));
  const airMonitor = new AirMonitor({
    settings: () => monitorSettings.get(),
    air: {
      addFallback: async (spec) => {
        const source = await live.addSource(
          { spec, priority: 'relay', levelDb: 0, label: FALLBACK_LABEL, playing: true },
          { name: 'Giám sát', host: config.host },
        );
        return source.id;
      },
      removeSource: async (id) => {
        await live.removeSource(id);
      },
    },
    emit: events.emit,
    post: (url, alarm) => void webhook.post(url, alarm),
    log: log.child('monitor'),
  });
  const monitor = new MonitorService(monitorSettings, airMonitor);
  encoderRestarted = (restart) => {
    airMonitor.encoderRestarted(restart);
    broadcastLog.interruptOnAir(restart.codes, {
      at: restart.since,
      seconds: restart.seconds,
      reason: `Bộ mã hoá ${restart.codec.toUpperCase()} khởi động lại (${restart.warm ? 'bộ dự phòng thay ngay' : 'khởi động bộ mới'}).`,
    });
  };
  const stopMonitoring = events.subscribe((event, payload) => {
    if (event === 'live.meters') airMonitor.onMeters(payload as EventPayload<'live.meters'>);
    else if (event === 'live.state') {
      airMonitor.onState(payload as EventPayload<'live.state'>);
      deskLog.onState(payload as EventPayload<'live.state'>);
    }
  });

  // The adapter for the configured province: its protocol, field mapping and credentials.
  const adapters = new AdapterFactory(publish);

  // The outbox sends approved masters to the configured province, in the name of who queued them;
  // only the programme's gate decides what may leave. Every change of an item is announced from
  // the repository's writes ('outbox.changed'); every request tells the link.
  const outboxEvents = new OutboxEvents(events.emit);
  const outboxRepo = new OutboxRepository(database.sql, outboxEvents.changed);
  const publishLink = new PublishLink(events.emit);
  // The province's status callbacks, where it supports them: off unless configured (tests, or the
  // environment), listening once a host starts the outbox; a notice only makes the studio read again.
  let callbackConfig = config.statusCallbacks ?? null;
  try {
    callbackConfig ??= statusCallbackConfigFrom(config.env);
  } catch (err) {
    log.child('outbox').warn('Status callbacks off', err);
  }
  const statusCallbacks: StatusCallbackReceiver | null = callbackConfig
    ? new StatusCallbackReceiver(callbackConfig, {
        knows: (bulletinId) => outboxRepo.byBulletin(bulletinId) !== null,
        refresh: (bulletinId): Promise<unknown> => outbox.statuses.refresh(bulletinId),
        log: log.child('outbox'),
      })
    : null;
  const outbox = new Outbox({
    repo: outboxRepo,
    // The receiver's address once it listens, else the one configured for the province to use.
    callbackUrl: () =>
      statusCallbacks?.url ??
      (callbackConfig?.publicUrl ? `${callbackConfig.publicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}` : null),
    approvedMaster: (id) => programme.approvedMaster(id),
    bulletinFacts: async (id) => bulletinFactsOf(await programme.programmes.get(id)),
    markSent: (id, sha256, by) => programme.approvals.markSent(id, by, sha256),
    markAired: (id, sha256, airing) => programme.approvals.markAired(id, PROVINCE_SYSTEM, sha256, airing),
    connect: async () => {
      const { adapter, stationCode } = await adapters.connect();
      return { adapter: publishLink.watch(adapter), stationCode };
    },
    fileSize: async (file) => (await stat(file)).size,
    log: log.child('outbox'),
    ...config.outboxRetry,
  });
  // A sent programme changed (back to draft): its bulletin at the province is marked out of date.
  const stopMarkingChanged = events.subscribe((event, payload) => {
    const step = payload as EventPayload<'programme.approval'>;
    if (event !== 'programme.approval' || step.state !== 'draft') return;
    try {
      outbox.programmeChanged(step.programmeId);
    } catch (err) {
      log.child('outbox').warn(`Programme ${step.programmeId} changed: its bulletins not marked`, err);
    }
  });
  // The runner sends in the background once a host starts it (`startOutbox`; never the CLI's).
  const outboxRunner = new OutboxRunner({
    outbox,
    repo: outboxRepo,
    link: publishLink,
    configured: () => publish.configured(),
    // The light check is "Kiểm tra kết nối" itself (its handler, whatever the province's protocol).
    check: async (signal) => await publishCalls['publish.check']({}, localCaller(config.host), signal),
    // The province's statuses of what was sent, asked every few minutes while one may still change.
    sync: {
      pending: () => outboxRepo.unsettled().some((item) => !statusIsFinal(item)),
      run: (signal) => outbox.sync(signal),
    },
    log: log.child('outbox'),
    ...config.outboxRunner,
  });
  // An item queued, retried or otherwise changed (not its progress) wakes the runner; one that
  // failed for good, or whose bulletin the province rejected, is told to those it concerns.
  const stopWaking = outboxEvents.listen((id, change) => {
    if (isProgress(change)) return;
    outboxRunner.wake();
    const kind =
      change === 'added'
        ? null
        : change.state === 'failed'
          ? 'publish.failed'
          : change.bulletinStatus === 'rejected'
            ? 'publish.rejected'
            : null;
    const item = kind ? outboxRepo.get(id) : null;
    if (!kind || !item) return;
    try {
      notifications.fromPublish({
        kind,
        programmeId: item.programmeId,
        title: item.title,
        queuedByUserId: item.queuedByUserId,
        queuedByName: item.queuedBy,
        reason: kind === 'publish.failed' ? item.lastError : item.bulletinReason,
        emergency: item.priority === 'emergency',
      });
    } catch (err) {
      // The item's change is made; a notification that cannot be kept must not undo it.
      log.child('notifications').warn(`Outbox ${id}: ${kind} not notified`, err);
    }
  });

  const publishCalls = publishHandlers(publish, adapters, outbox);
  // Old archives into the library (issue 17), through the media import: stored once.
  const archiveImporter = new ArchiveImporter({
    importer: media.importer,
    emit: (progress) => events.emit('archive.import.progress', progress),
  });
  // What the retention rule allows to delete (masters, as-aired days): listed, deleted only on an
  // archivist's confirmation. One setting for both: the monitor's retentionMonths (never under 6).
  const retention = new Retention({
    months: () => asAired.retentionMonths(),
    asAiredDue: () => asAired.dueDays(),
    removeAsAiredDay: (channel, day) => asAired.removeDay(channel, day),
    programmes: programme.programmes,
    broadcastLog,
    log: log.child('retention'),
  });
  // Each domain contributes the handlers of its calls; the type requires every call to be handled.
  const handlers: Handlers = {
    ...systemHandlers(config, settings, doctor, store.recoveries, logDir),
    ...mediaHandlers(media),
    ...recordingHandlers(recording),
    ...folderHandlers(config, folders),
    ...editHandlers(edit, audio.previews, placesByHost(folders)),
    ...programmeHandlers(programme, placesByHost(folders), async (programmeId, caller) => {
      // Only where the station publishes to a province (configured), and by someone who may send.
      if (!publish.configured()) return null;
      if (!policy(caller, 'publish.send', 'publish.queue')) return null;
      try {
        const { alreadyQueued, ...item } = await outbox.queue(programmeId, {
          userId: caller.userId,
          name: caller.displayName ?? caller.userName ?? null,
        });
        void alreadyQueued;
        return { item, error: null };
      } catch (err) {
        // Approved all the same: the approver sees why it was not queued and can send it by hand.
        log.child('outbox').warn(`Emergency ${programmeId} approved but not queued`, err);
        return { item: null, error: err instanceof Error ? err.message : String(err) };
      }
    }),
    ...libraryTrashHandlers(media, audio.sources, programme.programmes),
    ...recordsHandlers(records.records, placesByHost(folders)),
    ...auditHandlers(
      audit,
      auditNames(
        { media, edit, programme },
        (id) => accounts.get(id),
        (code) => stations.nameOf(code),
      ),
      placesByHost(folders),
    ),
    ...accountHandlers({ accounts, sessions, seats, policy, idleLockMinutes }),
    ...notificationHandlers(notifications, policy),
    ...stationHandlers(stations, placesByHost(folders)),
    ...liveHandlers(live, liveSettings),
    ...broadcastLogHandlers(broadcastLog, placesByHost(folders)),
    ...reportHandlers(reports, placesByHost(folders)),
    ...asAiredHandlers(asAired, (id) => broadcastLog.get(id)),
    ...scheduleHandlers(scheduleService),
    ...monitorHandlers(monitor),
    ...archiveHandlers(archive, placesByHost(folders)),
    ...archiveImportHandlers(archiveImporter, retention),
    ...publishCalls,
    ...publishLinkHandlers(publishLink, outboxRunner, publishCalls),
  };

  const router = createRouter(handlers, policy, log.child('router'), auditCalls(audit, log.child('audit')));
  const mediaLookup = createMediaLookup(
    { library: media.library, previews: audio.previews, programme },
    policy,
  );
  return {
    config,
    router,
    events,
    connect: (caller) => openConnection({ router, events, policy, media: mediaLookup, seats }, caller),
    log,
    startOutbox: () => {
      outboxRunner.start();
      statusCallbacks
        ?.start()
        .catch((err: unknown) => log.child('outbox').warn('Status callbacks could not listen', err));
    },
    startSchedule: () => scheduleRunner.start(),
    services: {
      settings,
      doctor,
      media,
      recording,
      audio,
      edit,
      programme,
      folders,
      audit,
      accounts,
      sessions,
      notifications,
      publish,
      outbox,
      stations,
      live,
      liveSettings,
      schedule,
      broadcastLog,
      asAired,
      monitor,
      archive,
      scheduleRunner,
      outboxRunner,
      publishLink,
      statusCallbacks,
    },
    // An open take is stopped and saved normally (a crash would only be recovered at next start);
    // then running imports are cancelled, which removes their partial copies.
    close: async () => {
      stopNotifying();
      stopArchiving();
      stopMarkingChanged();
      stopMonitoring();
      // The schedule's items come off (the log says they were cut short), then the air.
      await scheduleRunner.stop();
      // The desk's items too, at the moment the studio closes.
      deskLog.close();
      // Off the air first: receivers are let go and no ffmpeg or thread is left behind.
      await live.close();
      await asAired.close();
      await webhook.settled();
      // The upload under way stops where it is: the next start resumes it from the server's offset.
      await outboxRunner.stop();
      await statusCallbacks?.close();
      stopWaking();
      outboxEvents.close();
      await recording.dispose();
      await media.importer.close();
      await programme.renders.close();
      await edit.exports.close();
      await records.close();
      // What the archive was writing is finished before the database closes.
      await archive.idle();
      await audit.close();
      database.close();
      await releaseLock();
    },
  };
}

/**
 * Only what `studio doctor` needs: it must work beside a running studio, so it takes no lock, starts
 * nothing (no recovery, no imports) and writes nothing in the data folder. Settings it cannot read
 * count as "no choice made" (the studio itself reports them when it opens). Its router answers
 * `system.doctor`; every other call is UNAVAILABLE.
 */
export async function createDoctor(config: StudioConfig, policy: Policy = rolePolicy): Promise<Router> {
  const settings = await readSettings(new Store(config.dataDir)).catch(() => null);
  // Only its input check: it opens no take, repairs nothing, adds nothing to the library.
  const recording = new RecordingService({ dataDir: config.dataDir, emit: () => undefined, env: config.env });
  const doctor = doctorFor(config, () => settings?.ffmpegPath ?? null, recording);
  return createRouter({ ...unavailableHandlers(), 'system.doctor': () => doctor.report() }, policy);
}

/** A handler for every call that refuses it: the start of a router that answers only a few. */
function unavailableHandlers(): Handlers {
  const refuse = () => {
    throw new StudioError('UNAVAILABLE', 'Chức năng này không dùng được khi chỉ kiểm tra hệ thống.');
  };
  return Object.fromEntries(CALL_NAMES.map((name) => [name, refuse])) as unknown as Handlers;
}

/** The doctor tries the microphone through the recording service: the path a take uses. */
function doctorFor(
  config: StudioConfig,
  ffmpegSetting: () => string | null,
  recording: RecordingService,
): DoctorService {
  return new DoctorService({
    dataDir: config.dataDir,
    appVersion: config.appVersion,
    host: config.host,
    env: config.env,
    ffmpegSetting,
    checkMicrophone: () => recording.checkInput(),
  });
}
