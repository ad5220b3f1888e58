'use strict';
/* global module */
/**
 * A "recorder" module for node-record-lpcm16 (its `recorder` option takes a module path).
 *
 * The library's own modules hard-code `sox --default-device` (which cannot pick a PulseAudio
 * source), `rec` and `arecord`, and none of them works on Windows, where sox needs
 * `-t waveaudio`. So the studio builds the whole command in TypeScript (see capture-command.ts,
 * unit-tested per platform) and passes it in the `studioCommand` option; this module hands it to
 * the library, which spawns it and exposes its stdout as the PCM stream.
 */
module.exports = function studioRecorder(options) {
  const command = options && options.studioCommand;
  if (!command || typeof command.cmd !== 'string' || !Array.isArray(command.args)) {
    throw new Error('studio-recorder: the studioCommand option is missing');
  }
  return {
    cmd: command.cmd,
    args: command.args.map(String),
    spawnOptions: { env: command.env, windowsHide: true },
  };
};
