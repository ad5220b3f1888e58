import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveHit, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { useMay } from '../../studio/permissions';
import { formatDate } from '../../ui/dates';
import { formatDuration } from '../../ui/format';
import { openTarget } from './archive-filters';
import { ExportHit } from './ExportHit';
import { segmentTime } from './HitList';
import { useHitAudio } from './useHitAudio';

export interface HitDetailHandle {
  /** Plays the hit from the start of its matching segment. */
  preview(): void;
}

/**
 * The chosen hit: what it is, a player that opens AT the matching segment (the audio element is
 * put at `startSec` as soon as it knows its length), open it where it is edited, export it.
 */
export const HitDetail = forwardRef<
  HitDetailHandle,
  { hit: ArchiveHit; lang: UiLanguage; playAtOnce?: boolean; onClose(): void }
>(function HitDetail({ hit, lang, playAtOnce = false, onClose }, ref) {
  const { t } = useTranslation();
  const may = useMay();
  const audio = useHitAudio(hit);
  const player = useRef<HTMLAudioElement>(null);
  const [failed, setFailed] = useState(false);
  const [wantPlay, setWantPlay] = useState(playAtOnce);
  const time = segmentTime(hit);
  const target = openTarget(hit);
  const mayOpen = hit.kind === 'asset' ? may('edit.read') : may('programme.read');

  useEffect(() => {
    setFailed(false);
  }, [hit.id]);

  const toStart = () => {
    const el = player.current;
    if (el && Math.abs(el.currentTime - hit.startSec) > 0.5) el.currentTime = hit.startSec;
  };
  const preview = () => {
    const el = player.current;
    if (!el) {
      // Still asking where the audio is: play once the player is there.
      setWantPlay(true);
      return;
    }
    el.currentTime = hit.startSec;
    el.play().catch(() => {
      // Refused (no gesture yet): the player's own button remains.
    });
  };
  useImperativeHandle(ref, () => ({ preview }));

  return (
    <aside className="card archive-detail" aria-label={hit.title} data-testid="archive-detail">
      <div className="row detail-head">
        <h2>{hit.title}</h2>
        <button type="button" className="btn" onClick={onClose} aria-label={t('archive.detail.close')}>
          ✕
        </button>
      </div>
      <dl className="facts archive-facts">
        <dt>{t('archive.detail.kind')}</dt>
        <dd>{t(`archive.kind.${hit.kind}`)}</dd>
        <dt>{t('archive.detail.date')}</dt>
        <dd>{formatDate(hit.date, lang)}</dd>
        {hit.languages.length > 0 && (
          <>
            <dt>{t('archive.detail.languages')}</dt>
            <dd>{hit.languages.map((l) => languageName(l, lang)).join(', ')}</dd>
          </>
        )}
        {hit.reporters.length > 0 && (
          <>
            <dt>{t('archive.detail.reporters')}</dt>
            <dd>{hit.reporters.join(', ')}</dd>
          </>
        )}
        {hit.subjects.length > 0 && (
          <>
            <dt>{t('archive.detail.subjects')}</dt>
            <dd>{hit.subjects.join(', ')}</dd>
          </>
        )}
        {hit.stations.length > 0 && (
          <>
            <dt>{t('archive.detail.stations')}</dt>
            <dd>{hit.stations.join(', ')}</dd>
          </>
        )}
        <dt>{t('archive.detail.length')}</dt>
        <dd>{formatDuration(hit.lengthSec)}</dd>
        {time && (
          <>
            <dt>{t('archive.detail.segment')}</dt>
            <dd data-testid="archive-segment-time">{time}</dd>
          </>
        )}
      </dl>
      {hit.snippet && hit.snippet !== hit.title && <p className="archive-snippet small">{hit.snippet}</p>}

      <div className="archive-player">
        {audio.state === 'ready' ? (
          <>
            <audio
              key={`${hit.id} ${audio.src}`}
              ref={player}
              controls
              preload="metadata"
              // The media fragment asks the element to start at the segment; `toStart` makes sure.
              src={`${audio.src}#t=${hit.startSec}`}
              aria-label={t('archive.detail.player')}
              data-testid="archive-player"
              data-start={hit.startSec}
              onLoadedMetadata={() => {
                toStart();
                if (wantPlay) {
                  setWantPlay(false);
                  preview();
                }
              }}
              onError={() => setFailed(true)}
            />
            <button
              type="button"
              className="btn"
              onClick={preview}
              data-testid="archive-preview"
              title="Enter"
            >
              ▶ {time ? t('archive.detail.playSegment', { time }) : t('archive.detail.play')}
            </button>
            {failed && (
              <p className="small bad-text" role="alert">
                {t('archive.detail.playFailed')}
              </p>
            )}
          </>
        ) : audio.state === 'none' ? (
          <p className="muted small" data-testid="archive-no-audio">
            {t(`archive.noAudio.${audio.why}`)}
          </p>
        ) : (
          <p className="muted small">{t('app.loading')}</p>
        )}
      </div>

      <div className="row wrap archive-actions">
        {target && mayOpen && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="archive-open"
            onClick={() => (location.hash = target)}
          >
            {hit.kind === 'asset'
              ? `✂ ${t('archive.detail.openEditor')}`
              : `☰ ${t('archive.detail.openProgramme')}`}
          </button>
        )}
        <ExportHit hit={hit} />
      </div>
    </aside>
  );
});
