import { afterAll, beforeAll } from 'vitest';
import { hasPulseAudioAndSox, startPulseAudio, type PulseAudioServer, type PulseInputs } from './pulseaudio';

/** Starts a server before the tests of the file (or of the describe block) and stops it after them. */
export function usePulseAudio(inputs: PulseInputs = 'sine'): () => PulseAudioServer {
  let server: PulseAudioServer | null = null;
  beforeAll(async () => {
    if (!hasPulseAudioAndSox()) {
      throw new Error(
        'Recording tests need pulseaudio, pactl and sox: run scripts/setup.sh (apt-get install pulseaudio pulseaudio-utils sox libsox-fmt-all).',
      );
    }
    server = await startPulseAudio(inputs);
  });
  afterAll(async () => {
    await server?.stop();
    server = null;
  });
  return () => {
    if (!server) throw new Error('PulseAudio is not running (usePulseAudio sets it up in beforeAll).');
    return server;
  };
}
