import type { RecordingService } from '../../media/recorder';
import type { Handlers } from '../router';

type RecordingCallName =
  | 'recording.devices'
  | 'recording.checkInput'
  | 'recording.status'
  | 'recording.start'
  | 'recording.pause'
  | 'recording.resume'
  | 'recording.marker'
  | 'recording.stop'
  | 'recording.recovered';

export function recordingHandlers(recording: RecordingService): Pick<Handlers, RecordingCallName> {
  return {
    'recording.devices': () => recording.devices(),
    'recording.checkInput': ({ device }) => recording.checkInput(device),
    'recording.status': () => recording.status(),
    'recording.start': (request) => recording.start(request),
    'recording.pause': () => recording.pause(),
    'recording.resume': () => recording.resume(),
    'recording.marker': ({ label }) => recording.marker(label),
    'recording.stop': () => recording.stop(),
    'recording.recovered': () => recording.recovered(),
  };
}
