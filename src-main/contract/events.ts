/** Events pushed from main to the open windows whose user may read them (EVENT_PERMISSIONS). */
import type {
  EditChangedEvent,
  EditExportFinishedEvent,
  EditPreparingEvent,
  EditRenderProgressEvent,
} from './edit-models';
import type { ArchiveImportProgress } from './archive-models';
import type { LiveMetersEvent, LiveState } from './live-models';
import type { MonitorAlarm } from './monitor-models';
import type { Permission } from './permissions';
import type {
  ImportFileDoneEvent,
  ImportFinishedEvent,
  ImportProgressEvent,
  LibraryChangedEvent,
} from './media-models';
import type { Settings } from './models';
import type { ScheduleChangedEvent } from './schedule-models';
import type { NotificationsChangedEvent } from './notification-models';
import type { OutboxChangedEvent, PublishLinkState } from './publish-models';
import type {
  ProgrammeApprovalEvent,
  ProgrammeChangedEvent,
  ProgrammeRenderFinishedEvent,
  ProgrammeRenderProgressEvent,
} from './programme-models';
import type {
  RecordingLevelEvent,
  RecordingSavedEvent,
  RecordingStatus,
  RecordingWarningEvent,
} from './recording-models';

export interface EventMap {
  'settings.changed': Settings;
  'import.progress': ImportProgressEvent;
  'import.fileDone': ImportFileDoneEvent;
  'import.finished': ImportFinishedEvent;
  'library.changed': LibraryChangedEvent;
  /** 25 a second while a take is open (also while paused). */
  'recording.level': RecordingLevelEvent;
  /** On every change of state, and when a marker is added. */
  'recording.state': RecordingStatus;
  'recording.warning': RecordingWarningEvent;
  'recording.saved': RecordingSavedEvent;
  /** After every change to a project's edit list or history (also from another window). */
  'edit.changed': EditChangedEvent;
  /** While an asset is decoded to 48 kHz for editing, at most ~5 times a second. */
  'edit.preparing': EditPreparingEvent;
  /** While a preview, export or analysis renders, at most ~5 times a second. */
  'edit.render.progress': EditRenderProgressEvent;
  'edit.export.finished': EditExportFinishedEvent;
  /** After every change to a programme (also from another window), and when one is created or removed. */
  'programme.changed': ProgrammeChangedEvent;
  /** While a programme renders, at most ~5 times a second. */
  'programme.render.progress': ProgrammeRenderProgressEvent;
  'programme.render.finished': ProgrammeRenderFinishedEvent;
  /** A programme's approval state changed: submitted, approved, returned, back to draft, sent, aired. */
  'programme.approval': ProgrammeApprovalEvent;
  /** Someone's notifications changed: each window asks for its own list again. */
  'notifications.changed': NotificationsChangedEvent;
  /** Outbox items changed: queued, progress (at most a few times a second), state, the province's status. */
  'outbox.changed': OutboxChangedEvent;
  /** Whether the province can be reached changed (the offline banner). */
  'publish.link': PublishLinkState;
  /** The live desk's state, after each change (on air, sources, an emergency, stations' links). */
  'live.state': LiveState;
  /** Ten times a second while the air runs. */
  'live.meters': LiveMetersEvent;
  /** An entry of the broadcast log was written or completed (began, heard, interrupted, ended). */
  'broadcastLog.changed': { id: string };
  /** After every change of the schedule's slots or settings (also from another window or the CLI). */
  'schedule.changed': ScheduleChangedEvent;
  /** An alarm was raised or ended (silence, silence-end, disconnected, encoder-restart). */
  'monitor.alarm': MonitorAlarm;
  /** While an old archive is imported: once the folder is read, then after each file. */
  'archive.import.progress': ArchiveImportProgress;
}

export type EventName = keyof EventMap;

/**
 * What a connection's caller needs to receive each event: the read permission of the records the
 * event tells about, so that listening never shows more than the calls would.
 */
export const EVENT_PERMISSIONS: { readonly [E in EventName]: Permission } = {
  'settings.changed': 'settings.read',
  'import.progress': 'library.read',
  'import.fileDone': 'library.read',
  'import.finished': 'library.read',
  'library.changed': 'library.read',
  'recording.level': 'recording.read',
  'recording.state': 'recording.read',
  'recording.warning': 'recording.read',
  'recording.saved': 'recording.read',
  'edit.changed': 'edit.read',
  'edit.preparing': 'edit.read',
  'edit.render.progress': 'edit.read',
  'edit.export.finished': 'edit.read',
  'programme.changed': 'programme.read',
  'programme.render.progress': 'programme.read',
  'programme.render.finished': 'programme.read',
  'programme.approval': 'programme.read',
  'notifications.changed': 'notifications.read',
  'outbox.changed': 'publish.send',
  'publish.link': 'publish.send',
  'live.state': 'live.read',
  'live.meters': 'live.read',
  'broadcastLog.changed': 'broadcastLog.read',
  'schedule.changed': 'schedule.read',
  'monitor.alarm': 'monitor.read',
  'archive.import.progress': 'archive.import',
};
export type EventPayload<E extends EventName> = EventMap[E];

/** How services publish events: given to them by the composition root. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
