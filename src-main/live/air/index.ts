/**
 * The air (issue 15): the bus plus one supervised encoder per codec per channel, offered to every
 * output as an EncodedTap.
 */
export { Air, AirChannel, MAIN_CHANNEL, type AirEncoderEvent, type AirOptions } from './air';
export type { EncodedChunk, EncodedTap } from './encoded-tap';
export { ENCODERS, encoderArgs, encoderOutputArgs, type EncoderSettings } from './encoder-settings';
export {
  Mp3FrameSplitter,
  OggPageSplitter,
  mp3FrameHeader,
  opusPreSkip,
  type Mp3Frame,
  type OggPage,
} from './frame-splitter';
