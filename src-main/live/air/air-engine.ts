/**
 * The Air as the live service drives it (`OpenAir` in live/live-air.ts): the main channel's bus,
 * each channel's taps, emergency channels from the warm standby. The service's composition
 * passes `encodedAir` where it passed `busOnlyAir`.
 */
import type { AirEngine, OpenAir } from '../live-air';
import { Air, type AirEncoderEvent, type AirOptions } from './air';

export interface EncodedAirOptions extends Partial<Omit<AirOptions, 'ffmpeg'>> {
  /** Each encoder started, died or taken over (for the log: a death is worth a warning). */
  onEncoder?: (e: AirEncoderEvent) => void;
  /** A channel's thread failed (a bug): its air is off. */
  onFailure?: (err: Error) => void;
}

export function encodedAir(options: EncodedAirOptions = {}): OpenAir {
  const { onEncoder, onFailure, ...airOptions } = options;
  return async ({ ffmpeg, micCommand }): Promise<AirEngine> => {
    if (!ffmpeg) throw new Error('Không tìm thấy ffmpeg: không thể mã hoá luồng phát trực tiếp.');
    const air = await Air.open({ ...airOptions, ffmpeg, ...(micCommand ? { micCommand } : {}) });
    if (onEncoder) air.onEncoder(onEncoder);
    if (onFailure) air.onFailure(onFailure);
    return {
      bus: air.bus,
      tap: (channel, codec) =>
        air.hasChannel(channel)
          ? (air
              .channel(channel)
              .taps()
              .find((t) => t.codec === codec) ?? null)
          : null,
      openChannel: async (id) => (await air.openChannel(id)).bus,
      standbyReady: () => air.standbyReady(),
      closeChannel: (id) => air.closeChannel(id),
      close: () => air.close(),
    };
  };
}
