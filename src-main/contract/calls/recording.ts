import { z } from 'zod';
import type {
  RecordingDeviceList,
  RecordingInputCheck,
  RecordingMarker,
  RecordingStatus,
  RecordingTake,
} from '../recording-models';
import { call, emptyRequest } from './define';

export const recordingStartSchema = z
  .object({
    /** A device id from `recording.devices`; the system's default input when absent. */
    device: z.string().trim().min(1).max(512).optional(),
    channels: z.union([z.literal(1), z.literal(2)]).default(1),
    title: z.string().trim().max(500).optional(),
    /** Stop by itself after this many seconds of audio (paused time excluded). */
    maxSec: z
      .number()
      .positive()
      .max(24 * 3600)
      .optional(),
  })
  .strict();

export const recordingCalls = {
  /** The input devices and how the studio records on this machine. */
  'recording.devices': call<RecordingDeviceList>()({ request: emptyRequest, permission: 'recording.read' }),
  /**
   * Opens the input a take would record from (the default one unless `device` is given), listens
   * briefly and says whether a microphone works there: before the reporter presses R.
   */
  'recording.checkInput': call<RecordingInputCheck>()({
    request: z.object({ device: z.string().trim().min(1).max(512).optional() }).strict(),
    permission: 'recording.read',
  }),
  'recording.status': call<RecordingStatus>()({ request: emptyRequest, permission: 'recording.read' }),
  /** Opens a take; resolves once audio arrives. Follow it with `recording.level` and `recording.state`. */
  'recording.start': call<RecordingStatus>()({ request: recordingStartSchema, permission: 'recording.use' }),
  'recording.pause': call<RecordingStatus>()({ request: emptyRequest, permission: 'recording.use' }),
  'recording.resume': call<RecordingStatus>()({ request: emptyRequest, permission: 'recording.use' }),
  /** Marks the current position of the take (the M key). */
  'recording.marker': call<RecordingMarker>()({
    request: z.object({ label: z.string().trim().max(200).optional() }).strict(),
    permission: 'recording.use',
  }),
  /** Ends the take and saves it; resolves with the saved take. */
  'recording.stop': call<RecordingTake>()({ request: emptyRequest, permission: 'recording.use' }),
  /** Takes repaired at this start after a crash (they are also added to the library). */
  'recording.recovered': call<RecordingTake[]>()({ request: emptyRequest, permission: 'recording.read' }),
} as const;
