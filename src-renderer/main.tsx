import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-500.css';
import '@fontsource/be-vietnam-pro/vietnamese-600.css';
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/latin-500.css';
import '@fontsource/be-vietnam-pro/latin-600.css';
// The stylesheets in cascade order (a later sheet wins a tie of specificity): the shared ones,
// general before particular, then one per workspace. A workspace's sheet styles only its own
// classes, so the workspaces' order among themselves does not matter.
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/content.css';
import './styles/dialogs.css';
import './styles/dates.css';
import './workspaces/library/library.css';
import './workspaces/record/record.css';
import './workspaces/editor/editor.css';
import './workspaces/programme/programme.css';
import './workspaces/system/system.css';
import './workspaces/audit/audit.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Settings } from '../src-main/contract';
import { initI18n, setUiLanguage } from './i18n';
import { setStationLanguages } from './i18n/languages';
import { App } from './shell/App';
import { createStudioClient } from './studio/client';
import { StudioContext } from './studio/studio-context';
import { toStudioCallError } from './studio/studio-error';
import { guardLeaving } from './ui/unsaved';

const client = createStudioClient();
// Before any screen listens to the address, so that leaving unsaved work can be asked about first.
guardLeaving();

function Root({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  useEffect(
    () =>
      client.api.on('settings.changed', (next) => {
        setStationLanguages(next.languages);
        setSettings(next);
        void setUiLanguage(next.uiLanguage);
      }),
    [],
  );
  return (
    <StudioContext.Provider value={{ client, settings }}>
      <App />
    </StudioContext.Provider>
  );
}

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const settings = await client.api.settings.get();
    setStationLanguages(settings.languages);
    await initI18n(settings.uiLanguage);
    root.render(
      <StrictMode>
        <Root initial={settings} />
      </StrictMode>,
    );
  } catch (err) {
    // Without main there is nothing to show but the reason, in the staff's language.
    root.render(<p className="boot-error">{toStudioCallError(err).message}</p>);
  }
}

void boot();
