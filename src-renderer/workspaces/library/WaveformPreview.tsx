import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import WaveSurfer from 'wavesurfer.js';
import { useStudio } from '../../studio/studio-context';
import { formatDuration } from '../../ui/format';
import { styleNonce } from '../../studio/style-nonce';

/**
 * The asset's waveform from the peaks main cached at import (the page never decodes audio), with
 * playback streamed from the host's media route.
 */
export function WaveformPreview({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const container = useRef<HTMLDivElement>(null);
  const [ws, setWs] = useState<WaveSurfer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let instance: WaveSurfer | null = null;
    void client.api.library.peaks({ id: assetId, maxBuckets: 2000 }).then((p) => {
      if (cancelled || !container.current) return;
      setDuration(p.durationSec);
      instance = WaveSurfer.create({
        container: container.current,
        height: 96,
        cspNonce: styleNonce(),
        waveColor: '#7fa6c9',
        progressColor: '#0f3d63',
        cursorColor: '#d9342b',
        barWidth: 2,
        barGap: 1,
        url: `media/${assetId}`,
        peaks: [p.max, p.min],
        duration: p.durationSec,
      });
      instance.on('play', () => setPlaying(true));
      instance.on('pause', () => setPlaying(false));
      instance.on('finish', () => setPlaying(false));
      instance.on('timeupdate', setTime);
      setWs(instance);
    });
    return () => {
      cancelled = true;
      instance?.destroy();
      setWs(null);
      setPlaying(false);
      setTime(0);
    };
  }, [client, assetId]);

  return (
    <div className="waveform" data-testid="waveform">
      <div ref={container} className="waveform-canvas" />
      <div className="row">
        <button type="button" className="btn" disabled={!ws} onClick={() => void ws?.playPause()}>
          {playing ? `❚❚ ${t('library.detail.pause')}` : `▶ ${t('library.detail.play')}`}
        </button>
        <span className="muted">
          {formatDuration(time)} / {formatDuration(duration)}
        </span>
      </div>
    </div>
  );
}
