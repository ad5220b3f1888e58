import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';

export interface PrelistenHandle {
  toggle(): void;
}

/**
 * "Nghe thử": the programme as the communes hear it, from the studio's own stream server (a
 * short-lived address from `live.prelisten`), so what the operator hears went through the encoder
 * and the server too. Stops by itself when the air stops.
 */
export const Prelisten = forwardRef<PrelistenHandle, { onAir: boolean }>(function Prelisten({ onAir }, ref) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [asking, setAsking] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    if (!onAir) setUrl(null);
  }, [onAir]);

  // `autoPlay` waits for "enough data", which a live stream never promises (Chromium held it at
  // HAVE_FUTURE_DATA, paused, for good): play as soon as it can.
  useEffect(() => {
    if (!url) return;
    audio.current?.play().catch(() => {
      // Refused (no gesture) or cut off by the next URL: the player's own controls remain.
    });
  }, [url]);

  const start = async () => {
    setAsking(true);
    setError(null);
    try {
      const answer = await client.api.live.prelisten({ codec: 'mp3' });
      setUrl(answer.url);
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setAsking(false);
    }
  };
  const toggle = () => {
    if (url) setUrl(null);
    else if (onAir && !asking) void start();
  };
  useImperativeHandle(ref, () => ({ toggle }));

  return (
    <section className="card live-prelisten" aria-labelledby="live-prelisten-title">
      <div className="row spread wrap">
        <h2 id="live-prelisten-title">{t('live.prelisten.title')}</h2>
        <button
          type="button"
          className={url ? 'btn btn-pressed' : 'btn'}
          disabled={!onAir || asking}
          aria-pressed={!!url}
          aria-keyshortcuts="P"
          onClick={toggle}
          data-testid="live-prelisten"
        >
          {url ? `■ ${t('live.prelisten.stop')}` : `🎧 ${t('live.prelisten.start')}`} <kbd>P</kbd>
        </button>
      </div>
      <p className="muted small">{onAir ? t('live.prelisten.hint') : t('live.prelisten.offAir')}</p>
      {url && (
        <audio
          ref={audio}
          src={url}
          autoPlay
          controls
          className="live-prelisten-audio"
          data-testid="live-prelisten-audio"
          onError={() =>
            setError(toStudioCallError({ code: 'INTERNAL', message: t('live.prelisten.failed') }))
          }
        />
      )}
      <ErrorMessage error={error} />
    </section>
  );
});
