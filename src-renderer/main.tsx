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
import './styles/session.css';
import './workspaces/library/library.css';
import './workspaces/record/record.css';
import './workspaces/editor/editor.css';
import './workspaces/programme/programme.css';
import './workspaces/system/system.css';
import './workspaces/audit/audit.css';
import './workspaces/stations/stations.css';
import './workspaces/schedule/schedule.css';
import './workspaces/monitor/monitor.css';
import './workspaces/publish/publish.css';
import './workspaces/live/live.css';
import './workspaces/archive/archive.css';
import './workspaces/reports/reports.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, lastUiLanguage } from './i18n';
import { SessionGate } from './session/SessionGate';
import { createStudioClient } from './studio/client';
import { guardLeaving } from './ui/unsaved';

const client = createStudioClient();
// Before any screen listens to the address, so that leaving unsaved work can be asked about first.
guardLeaving();

async function boot(): Promise<void> {
  // The settings (the studio's language among them) need a signed-in user: until then the screens
  // speak the language this computer last used. The gate asks main who is here.
  await initI18n(lastUiLanguage());
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <SessionGate client={client} />
    </StrictMode>,
  );
}

void boot();
