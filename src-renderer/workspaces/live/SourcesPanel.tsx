import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveMetersEvent, LiveSource } from '../../../src-main/contract';
import { LiveMeter } from './LiveMeter';
import type { PlannedSource } from './live-words';

/** A level slider's range: quiet enough to sit under speech, a little above unity. */
const LEVEL_MIN = -40;
const LEVEL_MAX = 6;

/**
 * The sources: before going live, the ones the operator picked (they go on air with "Bắt đầu
 * phát"); on air, what the bus mixes, each with its class, state, whether it is heard now, its
 * level and meter, and play / pause / remove.
 */
export function SourcesPanel({
  live,
  sources,
  planned,
  meters,
  canOperate,
  busy,
  onAdd,
  onRemovePlanned,
  onLevel,
  onPlay,
  onPause,
  onRemove,
}: {
  live: boolean;
  sources: LiveSource[];
  planned: PlannedSource[];
  meters: LiveMetersEvent | null;
  canOperate: boolean;
  busy: boolean;
  onAdd(): void;
  onRemovePlanned(key: string): void;
  onLevel(id: string, levelDb: number): void;
  onPlay(id: string): void;
  onPause(id: string): void;
  onRemove(source: LiveSource): void;
}) {
  const { t } = useTranslation();
  const empty = live ? sources.length === 0 : planned.length === 0;
  return (
    <section className="card live-sources" aria-labelledby="live-sources-title" data-testid="live-sources">
      <div className="row spread">
        <h2 id="live-sources-title">{t('live.sources.title')}</h2>
        {canOperate && (
          <button type="button" className="btn" onClick={onAdd} aria-keyshortcuts="N" data-testid="live-add">
            + {t('live.sources.add')} <kbd>N</kbd>
          </button>
        )}
      </div>
      {empty && (
        <p className="muted" data-testid="live-sources-empty">
          {live ? t('live.sources.emptyLive') : t('live.sources.emptyOff')}
        </p>
      )}
      {!live && planned.length > 0 && (
        <>
          <p className="muted small">{t('live.sources.plannedHint')}</p>
          <ul className="live-source-list">
            {planned.map((p) => (
              <li key={p.key} className="live-source" data-testid="live-planned">
                <div className="live-source-head">
                  <span className={`tag live-class live-class-${p.request.priority}`}>
                    {t(`live.priority.${p.request.priority}`)}
                  </span>
                  <span className="live-source-label">{p.label}</span>
                  {canOperate && (
                    <button type="button" className="btn small-btn" onClick={() => onRemovePlanned(p.key)}>
                      {t('live.sources.remove')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {live && sources.length > 0 && (
        <ul className="live-source-list">
          {sources.map((s) => (
            <SourceRow
              key={s.id}
              source={s}
              meter={meters?.sources.find((m) => m.id === s.id) ?? null}
              canOperate={canOperate}
              busy={busy}
              onLevel={(db) => onLevel(s.id, db)}
              onPlay={() => onPlay(s.id)}
              onPause={() => onPause(s.id)}
              onRemove={() => onRemove(s)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SourceRow({
  source: s,
  meter,
  canOperate,
  busy,
  onLevel,
  onPlay,
  onPause,
  onRemove,
}: {
  source: LiveSource;
  meter: LiveMetersEvent['sources'][number] | null;
  canOperate: boolean;
  busy: boolean;
  onLevel(levelDb: number): void;
  onPlay(): void;
  onPause(): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  // The slider follows the hand while it moves; main's level comes back with the state.
  const [level, setLevel] = useState(s.levelDb);
  useEffect(() => setLevel(s.levelDb), [s.levelDb]);
  const heard = s.onAir && s.state === 'playing';
  return (
    <li
      className={`live-source live-source-${s.state}${heard ? ' live-source-heard' : ''}`}
      data-testid="live-source"
      data-state={s.state}
      data-on-air={heard}
    >
      <div className="live-source-head">
        <span className={`tag live-class live-class-${s.priority}`}>{t(`live.priority.${s.priority}`)}</span>
        <span className="live-source-label">{s.label}</span>
        {heard ? (
          <span className="status live-heard" data-testid="live-source-heard">
            ● {t('live.sources.heard')}
          </span>
        ) : (
          <span className={`status live-state-${s.state}`}>
            {s.state === 'playing' ? t('live.sources.held') : t(`live.sourceState.${s.state}`)}
          </span>
        )}
      </div>
      <LiveMeter
        peakDb={meter ? meter.peakDb : null}
        rmsDb={meter ? meter.rmsDb : null}
        label={t('live.sources.meter', { name: s.label })}
        testId="live-source-meter"
      />
      {s.error && (
        <p className="bad-text small" role="alert">
          {s.error}
          {s.reconnects > 0 && ` · ${t('live.sources.reconnects', { count: s.reconnects })}`}
        </p>
      )}
      {/* An emergency's source ends with the emergency, not from here (main refuses it too). */}
      {canOperate && s.priority !== 'emergency' && (
        <div className="row wrap live-source-controls">
          <label className="live-level">
            <span>{t('live.sources.level')}</span>
            <input
              type="range"
              min={LEVEL_MIN}
              max={LEVEL_MAX}
              step={1}
              value={Math.max(LEVEL_MIN, Math.min(LEVEL_MAX, level))}
              onChange={(e) => setLevel(Number(e.target.value))}
              onPointerUp={() => level !== s.levelDb && onLevel(level)}
              onKeyUp={() => level !== s.levelDb && onLevel(level)}
              aria-valuetext={`${level} dB`}
            />
            <span className="live-level-value">
              {level > 0 ? '+' : ''}
              {level} dB
            </span>
          </label>
          {s.state === 'paused' || s.state === 'ended' ? (
            <button type="button" className="btn small-btn" disabled={busy} onClick={onPlay}>
              ▶ {t('live.sources.play')}
            </button>
          ) : (
            <button
              type="button"
              className="btn small-btn"
              disabled={busy || s.state === 'failed'}
              onClick={onPause}
            >
              ❚❚ {t('live.sources.pause')}
            </button>
          )}
          <button type="button" className="btn small-btn" disabled={busy} onClick={onRemove}>
            {t('live.sources.remove')}
          </button>
        </div>
      )}
    </li>
  );
}
