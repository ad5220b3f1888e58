import { type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditEffect, GainPoint } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import type { SampleRange } from './samples';
import { SAMPLE_RATE, toSeconds } from './samples';
import type { Shown } from './useEditor';
import type { OverlayMarker, OverlaySegment } from './overlays';
import { WaveController } from './wave-controller';

/**
 * Where an operation puts the playhead once its preview has loaded (after a cut, at the cut), and
 * where the playhead was when the person asked for it.
 */
export interface PendingTime {
  at: number;
  from: number;
}

/** The media element keeps a position to about a microsecond; the person moves it a sample at least. */
const SAME_PLACE_SEC = 0.5 / SAMPLE_RATE;

interface Props {
  shown: Shown | null;
  selection: SampleRange | null;
  segments: OverlaySegment[];
  markers: OverlayMarker[];
  /** Where the playhead goes when the next preview arrives (after a cut, at the cut). */
  pendingTime: RefObject<PendingTime | null>;
  controller: RefObject<WaveController | null>;
  onSelect(startSec: number, endSec: number): void;
  onPlaying(playing: boolean): void;
  onSegment(id: string): void;
  onError(message: string): void;
  /** The document's effects: the envelope mode draws and edits its gain effects. */
  effects: EditEffect[];
  /** Samples in the edit. */
  length: number;
  /** The envelope mode's gestures, each one operation (see envelope.ts). */
  onEnvelope(points: GainPoint[], replaces: string | null): Promise<unknown>;
  onRemoveEffect(id: string): Promise<unknown>;
  /** Shown over the waveform while a new preview renders. */
  overlay: string | null;
}

/** "−12,0 dB": a true minus sign, and the language's decimal mark. */
function formatDb(db: number, language: string): string {
  const n = new Intl.NumberFormat(language.startsWith('vi') ? 'vi-VN' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(db);
  return `${n.replace('-', '−')} dB`;
}

/** The ruler and the waveform; the controller does the drawing, this keeps it in step with React. */
export function WaveArea(props: Props) {
  const { client } = useStudio();
  const { i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const ruler = useRef<HTMLCanvasElement>(null);
  const lane = useRef<HTMLCanvasElement>(null);
  const tint = useRef<HTMLCanvasElement>(null);
  const samples = useRef<HTMLCanvasElement>(null);
  const envelope = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState<WaveController | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (
      !container.current ||
      !ruler.current ||
      !lane.current ||
      !tint.current ||
      !samples.current ||
      !envelope.current
    )
      return;
    const canvases = {
      ruler: ruler.current,
      lane: lane.current,
      tint: tint.current,
      samples: samples.current,
      envelope: envelope.current,
    };
    const c = new WaveController(container.current, canvases, {
      onSelect: (s, e) => latest.current.onSelect(s, e),
      onPlaying: (p) => latest.current.onPlaying(p),
      onSegment: (id) => latest.current.onSegment(id),
      onError: (m) => latest.current.onError(m),
      onEnvelope: (points, replaces) => latest.current.onEnvelope(points, replaces),
      onRemoveEffect: (id) => latest.current.onRemoveEffect(id),
      formatDb: (db) => formatDb(db, i18n.language),
      fetchPeaks: (previewId, startSec, endSec, maxBuckets) =>
        client.api.edit.peaks({ previewId, startSec, endSec, maxBuckets }),
      fetchSamples: (previewId, startSample, count) =>
        client.api.edit.samples({ previewId, startSample, count, int16: true }),
    });
    props.controller.current = c;
    setReady(c);
    return () => {
      c.destroy();
      props.controller.current = null;
      setReady(null);
    };
    // The controller lives as long as the session; props reach it through `latest`.
  }, [client]);

  const { shown, selection, segments, markers } = props;
  const [loadedId, setLoadedId] = useState<string | null>(null);

  // Before the load effect (effects run in order): when one render brings both a new selection
  // and a new preview (an insert's reply and the previous change's preview, arriving together),
  // the selection reaches wavesurfer while the preview shown until now is there, not in the moment
  // after `load` has emptied it. With no duration there, the regions plugin clamps the region to 0
  // and makes it only once the new audio is ready (which the controller took for a drag: the
  // inserted audio came back unselected). Once the new preview has loaded, `loadedId` sets it again.
  useEffect(() => {
    if (!ready || !loadedId) return;
    ready.setSelection(
      selection ? { start: toSeconds(selection.start), end: toSeconds(selection.end) } : null,
    );
  }, [ready, loadedId, selection]);

  useEffect(() => {
    if (!ready || !shown) return;
    let cancelled = false;
    const pending = latest.current.pendingTime.current;
    latest.current.pendingTime.current = null;
    const now = ready.getTime();
    // The operation's place for the playhead, unless the person has moved it since they asked
    // (a seek made while this preview rendered stays).
    const place = pending && Math.abs(now - pending.from) < SAME_PLACE_SEC ? pending.at : null;
    const keep = place ?? now;
    ready
      .load(
        {
          previewId: shown.preview.previewId,
          url: `media/${shown.preview.previewId}`,
          peaks: shown.preview.peaks,
          durationSec: shown.preview.durationSec,
        },
        keep,
      )
      .then(() => {
        if (cancelled) return;
        if (place !== null) ready.setTime(place);
        setLoadedId(`${shown.preview.previewId}:${shown.revision}`);
      })
      .catch((e: Error) => latest.current.onError(e.message));
    return () => {
      cancelled = true;
    };
  }, [ready, shown]);

  useEffect(() => {
    if (!ready || !loadedId) return;
    ready.setOverlays(segments, markers);
  }, [ready, loadedId, segments, markers]);

  const { effects, length } = props;
  useEffect(() => {
    ready?.setEffects(effects, length);
  }, [ready, effects, length]);

  return (
    <div className="wave-area" data-testid="editor-waveform" data-loaded={loadedId ?? ''}>
      <canvas ref={ruler} className="wave-ruler" aria-hidden="true" data-testid="wave-ruler" />
      <canvas
        ref={lane}
        className="wave-lane"
        aria-hidden="true"
        data-testid="segment-lane"
        data-segments={segments.length}
        data-markers={markers.length}
      />
      <div className="wave-body">
        <div ref={container} className="wave-canvas" />
        <canvas ref={samples} className="wave-tint" aria-hidden="true" data-testid="sample-view" />
        <canvas ref={tint} className="wave-tint" aria-hidden="true" />
        <canvas
          ref={envelope}
          className="wave-tint wave-envelope"
          aria-hidden="true"
          data-testid="envelope-view"
        />
      </div>
      {props.overlay && (
        <div className="wave-overlay" role="status">
          <span className="spinner" aria-hidden="true" />
          {props.overlay}
        </div>
      )}
    </div>
  );
}
