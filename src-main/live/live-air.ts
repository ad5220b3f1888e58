/**
 * What the live service needs of the air: a bus to mix on per channel (`main`, and an emergency's
 * own channel for a subset of the stations) and, where encoders run, each channel's encoded taps.
 * `busOnlyAir` is the air before the encoders: the bus alone, no taps (nothing to serve yet).
 */
import { StudioError, type StreamCodec } from '../contract';
import { Air } from './air';
import type { EncodedTap } from './air/encoded-tap';
import type { AirEncoderEvent } from './air/air';
import { LiveBus } from './bus';
import type { MicCommandSource } from './bus/mic-feed';

/** The bus's handle as the service drives it (LiveBus's own methods). */
export type AirBus = Pick<
  LiveBus,
  | 'addSource'
  | 'setLevel'
  | 'play'
  | 'pause'
  | 'takeAir'
  | 'releaseAir'
  | 'remove'
  | 'onMeters'
  | 'onSource'
  | 'onFailure'
>;

export const MAIN_CHANNEL = 'main';

export interface AirEngine {
  /** The main channel's bus: what every targeted station hears unless routed elsewhere. */
  readonly bus: AirBus;
  /** A channel's encoded stream in a codec; null where there are no encoders. */
  tap(channel: string, codec: StreamCodec): EncodedTap | null;
  /**
   * A channel of its own (an emergency for some stations): its bus, its encoders. Taken from a
   * warm standby when one is ready, so that an emergency does not wait for threads and encoders.
   */
  openChannel(id: string): Promise<AirBus>;
  /** Resolves once the standby channel is warm (`openChannel` then takes no time). */
  standbyReady(): Promise<void>;
  closeChannel(id: string): Promise<void>;
  /** Stops every channel, encoder and thread. */
  close(): Promise<void>;
  /** Encoders started, died, taken over, on every channel (where encoders run). */
  onEncoder?(listener: (e: AirEncoderEvent) => void): () => void;
}

export interface AirOptions {
  /** The ffmpeg that decodes files (and encodes, where encoders run). */
  ffmpeg: string | null;
  /** The microphone's capture command (the recorder's, given by the composition). */
  micCommand?: MicCommandSource;
}

export type OpenAir = (options: AirOptions) => Promise<AirEngine>;

/** The air as the bus alone: channels are buses of their own; nothing is encoded. */
export const busOnlyAir: OpenAir = async ({ ffmpeg, micCommand }) => {
  const open = () => LiveBus.open({ ffmpeg, ...(micCommand ? { micCommand } : {}) });
  const bus = await open();
  // Nobody reads the programme: the bus's ring drops what no reader takes.
  const channels = new Map<string, LiveBus>();
  // A bus takes from 50 ms (built) to seconds (from the sources, on a busy PC) to start.
  let standby: Promise<LiveBus> | null = open();
  return {
    bus,
    tap: () => null,
    async openChannel(id) {
      const warm = standby;
      standby = null;
      const channel = (await warm?.catch(() => null)) ?? (await open());
      channels.set(id, channel);
      standby = open();
      return channel;
    },
    async standbyReady() {
      await standby;
    },
    async closeChannel(id) {
      const channel = channels.get(id);
      channels.delete(id);
      await channel?.close();
    },
    async close() {
      const warm = standby;
      standby = null;
      // A standby that failed to open has nothing to close.
      await warm?.then((c) => c.close()).catch(() => undefined);
      await Promise.all([...channels.values()].map((c) => c.close()));
      channels.clear();
      await bus.close();
    },
  };
};

/**
 * The air with its encoders (live/air): every channel's bus feeds an MP3 and an Opus encoder,
 * each with a warm spare, and a standby channel waits for an emergency.
 */
export const encodedAir: OpenAir = async ({ ffmpeg, micCommand }) => {
  if (!ffmpeg)
    throw new StudioError(
      'FFMPEG_MISSING',
      'Không tìm thấy ffmpeg để mã hoá luồng phát trực tiếp. Hãy cài ffmpeg hoặc chọn nó trong Cài đặt.',
    );
  const air = await Air.open({ ffmpeg, ...(micCommand ? { micCommand } : {}) });
  return {
    bus: air.bus,
    tap: (channel, codec) => (air.hasChannel(channel) ? air.tap(codec, channel) : null),
    openChannel: async (id) => (await air.openChannel(id)).bus,
    closeChannel: (id) => air.closeChannel(id),
    standbyReady: () => air.standbyReady(),
    close: () => air.close(),
    onEncoder: (listener) => air.onEncoder(listener),
  };
};
