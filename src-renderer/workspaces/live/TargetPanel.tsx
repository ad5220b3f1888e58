import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveStationState, LiveTarget } from '../../../src-main/contract';
import { type DeskStation, stationsOf, targetWords } from './live-words';

type Kind = LiveTarget['kind'];
const KINDS: readonly Kind[] = ['all', 'group', 'stations'];

/**
 * "Phát tới": every station, one group, or the ones ticked; then each enabled station with how
 * it is reached right now (listening and how many receivers, waiting, failing, not in the air).
 * While on air the target is the one the air went to and cannot change here (stop first).
 */
export function TargetPanel({
  stations,
  linkStates,
  target,
  onTarget,
  locked,
  liveTarget,
  canChoose,
  canAddStations,
}: {
  stations: DeskStation[];
  linkStates: LiveStationState[];
  target: LiveTarget;
  onTarget(target: LiveTarget): void;
  /** On air: the choice is shown, not changed. */
  locked: boolean;
  liveTarget: LiveTarget | null;
  /** May go live (`live.operate`): else the list is shown, not chosen from. */
  canChoose: boolean;
  /** May add stations (`stations.write`): the empty list links to "Cụm thu". */
  canAddStations: boolean;
}) {
  const { t } = useTranslation();
  const enabled = stations.filter((s) => s.enabled);
  const groups = useMemo(
    () =>
      [...new Set(enabled.map((s) => s.group).filter((g): g is string => !!g))].sort((a, b) =>
        a.localeCompare(b, 'vi'),
      ),
    [enabled],
  );
  const shownTarget = locked && liveTarget ? liveTarget : target;
  const reached = new Set(stationsOf(shownTarget, stations).map((s) => s.code));
  const links = new Map(linkStates.map((l) => [l.code, l]));
  const chosen = shownTarget.kind === 'stations' ? new Set(shownTarget.codes) : new Set<string>();

  const pick = (kind: Kind) => {
    if (kind === 'all') onTarget({ kind: 'all' });
    else if (kind === 'group') onTarget({ kind: 'group', group: groups[0] ?? '' });
    else onTarget({ kind: 'stations', codes: [...reached] });
  };
  const toggle = (code: string) => {
    const next = new Set(chosen);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    onTarget({ kind: 'stations', codes: enabled.map((s) => s.code).filter((c) => next.has(c)) });
  };

  return (
    <section className="card live-target" aria-labelledby="live-target-title" data-testid="live-target">
      <div className="row spread wrap">
        <h2 id="live-target-title">{t('live.target.title')}</h2>
        <span className="live-target-count" data-testid="live-target-count">
          {t('live.target.count', { count: reached.size })}
        </span>
      </div>
      {locked ? (
        <p className="muted small">{t('live.target.locked', { target: targetWords(t, shownTarget) })}</p>
      ) : !canChoose ? null : (
        <div className="row wrap live-target-choice">
          <fieldset className="segmented">
            <legend className="sr-only">{t('live.target.title')}</legend>
            {KINDS.map((k) => (
              <label key={k} className={target.kind === k ? 'active' : undefined}>
                <input
                  type="radio"
                  name="live-target"
                  checked={target.kind === k}
                  disabled={k === 'group' && groups.length === 0}
                  onChange={() => pick(k)}
                />
                {t(`live.target.kinds.${k}`)}
              </label>
            ))}
          </fieldset>
          {target.kind === 'group' && (
            <select
              className="input"
              value={target.group}
              aria-label={t('live.target.group')}
              onChange={(e) => onTarget({ kind: 'group', group: e.target.value })}
            >
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      {enabled.length === 0 ? (
        <p className="muted" data-testid="live-no-stations">
          {t('live.target.none')} {canAddStations && <a href="#stations">{t('live.target.openStations')}</a>}
        </p>
      ) : (
        <ul className="live-station-list" data-testid="live-stations">
          {enabled.map((s) => {
            const link = links.get(s.code);
            // Off the air, for who may not go live, no station is "in" anything yet.
            const inTarget = (locked || canChoose) && reached.has(s.code);
            // Off the air no link is up: say who will hear it, not that all are idle.
            const state = locked ? (link?.link ?? 'idle') : inTarget ? 'planned' : 'idle';
            return (
              <li
                key={s.code}
                className={inTarget ? 'live-station in-target' : 'live-station'}
                data-station={s.code}
                data-link={state}
              >
                <label className="live-station-name">
                  {!locked && canChoose && shownTarget.kind === 'stations' ? (
                    <input type="checkbox" checked={chosen.has(s.code)} onChange={() => toggle(s.code)} />
                  ) : (
                    <span className="live-station-mark" aria-hidden="true">
                      {inTarget ? '✓' : '–'}
                    </span>
                  )}
                  <span className="live-station-words">
                    <span>{s.name}</span>
                    <span className="muted small">
                      {s.code}
                      {s.group ? ` · ${s.group}` : ''}
                    </span>
                  </span>
                </label>
                {link?.inEmergency && (
                  <span className="status live-link-emergency">⚠ {t('live.mode.emergency')}</span>
                )}
                <span className={`status live-link live-link-${state}`} title={link?.lastError ?? undefined}>
                  {t(`live.link.${state}`, { count: link?.listeners ?? 0 })}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
