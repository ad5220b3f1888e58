/** Events pushed from main to every open window. */
import type {
  EditChangedEvent,
  EditExportFinishedEvent,
  EditPreparingEvent,
  EditRenderProgressEvent,
} from './edit-models';
import type {
  ImportFileDoneEvent,
  ImportFinishedEvent,
  ImportProgressEvent,
  LibraryChangedEvent,
} from './media-models';
import type { Settings } from './models';
import type {
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
}

export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];

/** How services publish events: given to them by the composition root. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
