import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../src-main/contract';
import { rememberUiLanguage, setUiLanguage } from '../i18n';
import { UserMenu } from '../session/UserMenu';
import { useMay } from '../studio/permissions';
import { useConnectionState, useStudio } from '../studio/studio-context';
import { LeaveDialog } from '../ui/LeaveDialog';
import { UndoProvider } from '../ui/UndoBar';
import { useAirMode } from '../workspaces/live/useAirMode';
import { ClockStatusLine } from './ClockStatusLine';
import { NotificationBell } from './NotificationBell';
import { useNotifications } from './useNotifications';
import { WORKSPACES } from './workspaces';

export function App() {
  const { t, i18n } = useTranslation();
  const { client } = useStudio();
  const connection = useConnectionState(client);
  const may = useMay();
  const notifications = useNotifications();
  const air = useAirMode(may('live.read'));
  const [active, setActive] = useState(() => workspaceFromHash());
  // A workspace the user may not use is not shown, nor reached by its address.
  const shown = WORKSPACES.filter((w) => may(w.permission));
  const workspace = shown.find((w) => w.id === active) ?? shown[0]!;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const navList = useRef<HTMLUListElement>(null);

  // On a window shorter than the list, the list scrolls: the open workspace is brought into view.
  useEffect(() => {
    navList.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [workspace.id]);

  useEffect(() => {
    const onHash = () => setActive(workspaceFromHash());
    window.addEventListener('hashchange', onHash);
    // Ctrl+1…9 jumps to a workspace, as in most studio software.
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey || e.altKey || e.metaKey) return;
      const n = Number(e.key);
      const target = Number.isInteger(n) && n >= 1 ? shownRef.current[n - 1] : undefined;
      if (target) {
        e.preventDefault();
        location.hash = target.id;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const switchLanguage = async (language: UiLanguage) => {
    await setUiLanguage(language);
    rememberUiLanguage(language);
    // The station's setting for whoever may change settings; for the others, this window only.
    if (may('settings.write')) await client.api.settings.update({ uiLanguage: language });
  };

  const Screen = workspace.component;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">
          <div className="brand-mark" aria-hidden="true">
            ◉
          </div>
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-sub">{t('app.subtitle')}</div>
          </div>
        </div>
        <UserMenu />
        {may('notifications.read') && <NotificationBell state={notifications} />}
        <ul className="nav-list" ref={navList}>
          {shown.map((w, i) => (
            <li key={w.id}>
              <a
                href={`#${w.id}`}
                className={w.id === workspace.id ? 'nav-item active' : 'nav-item'}
                aria-current={w.id === workspace.id ? 'page' : undefined}
                title={i < 9 ? `Ctrl+${i + 1}` : undefined}
              >
                <span className="nav-icon" aria-hidden="true">
                  {w.icon}
                </span>
                {t(`nav.${w.label}`)}
                {w.id === 'live' && air !== 'off' && (
                  <span className={`nav-air nav-air-${air}`} data-testid="nav-air">
                    {t(`live.mode.${air}`)}
                  </span>
                )}
                {w.id === 'programme' && !!notifications.waiting && (
                  <span
                    className="nav-badge"
                    data-testid="nav-waiting"
                    title={t('notifications.waiting', { count: notifications.waiting })}
                  >
                    {notifications.waiting}
                    <span className="sr-only">
                      {t('notifications.waiting', { count: notifications.waiting })}
                    </span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {may('monitor.read') && <ClockStatusLine />}
          <label className="lang-label" htmlFor="ui-language">
            {t('app.language')}
          </label>
          <div className="lang-switch" role="group" id="ui-language">
            {(['vi', 'en'] as const).map((lng) => (
              <button
                key={lng}
                type="button"
                className={i18n.language === lng ? 'lang active' : 'lang'}
                aria-pressed={i18n.language === lng}
                onClick={() => void switchLanguage(lng)}
              >
                {lng === 'vi' ? 'Tiếng Việt' : 'English'}
              </button>
            ))}
          </div>
        </div>
      </nav>
      <main className="workspace">
        {connection !== 'open' && (
          <div className="banner banner-warning" role="status">
            {t('app.reconnecting')}
          </div>
        )}
        <UndoProvider>
          <Screen />
        </UndoProvider>
        <LeaveDialog />
      </main>
    </div>
  );
}

/** `#editor/<asset id>` is the editor workspace: the part after the slash is the workspace's own. */
function workspaceFromHash(): string {
  return location.hash.replace(/^#/, '').split('/')[0] || WORKSPACES[0]!.id;
}
