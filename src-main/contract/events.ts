/** Events pushed from main to every open window. */
import type {
  ImportFileDoneEvent,
  ImportFinishedEvent,
  ImportProgressEvent,
  LibraryChangedEvent,
} from './media-models';
import type { Settings } from './models';

export interface EventMap {
  'settings.changed': Settings;
  'import.progress': ImportProgressEvent;
  'import.fileDone': ImportFileDoneEvent;
  'import.finished': ImportFinishedEvent;
  'library.changed': LibraryChangedEvent;
}

export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];

/** How services publish events: given to them by the composition root. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
