/**
 * The Electron main process: one studio per data folder (single-instance lock), one window showing
 * the built renderer from `app://studio/`, and the contract over one IPC channel. Every rule of
 * the hardening lives in security.ts and every bit of transport in ipc-bridge.ts and
 * app-protocol.ts, where they are unit-tested; this file only wires them into Electron.
 *
 * Built by scripts/build.mjs to out/main/main.js (ESM); the preload beside it is preload.cjs
 * and the renderer is in out/renderer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, isStudioErrorShape, StudioError } from '../../contract';
import { resolveDataDir, type HostDialogs } from '../../app/config';
import { anonymousCaller } from '../../app/policy';
import type { Connection } from '../../app/connection';
import { createStudio, type Studio } from '../../app/studio';
import { createAppProtocolHandler } from './app-protocol';
import { createEventForwarder, createIpcCallHandler } from './ipc-bridge';
import { dataDirFlag, electronProfileDir } from './launch';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  hardenSession,
  hardenWebContents,
  secureWebPreferences,
} from './security';

/** Aborts the calls of the app's page (set once the studio is open). */
let abortPageCalls: () => void = () => undefined;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(HERE, 'preload.cjs');
const RENDERER_DIR = path.join(HERE, '..', 'renderer');
const TITLE = 'Studio Truyền thanh';

const DATA_DIR = resolveDataDir(dataDirFlag(process.argv));

// Before `ready`: the scheme must be privileged to get a real origin, every renderer sandboxed,
// and Chromium's profile (with the single-instance lock) kept in the data folder.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
app.setPath('userData', electronProfileDir(DATA_DIR));

// Every web contents ever created (windows, devtools, anything a bug might open) is hardened.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: TITLE,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  win.once('ready-to-show', () => win.show());
  // The page holds back a close or reload while a form has unsaved changes (beforeunload);
  // Electron would then just not close, so the question is asked here, in the staff's words.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      title: TITLE,
      message: 'Bạn có thay đổi chưa lưu.',
      detail: 'Nếu đóng hoặc tải lại bây giờ, những gì bạn vừa gõ sẽ mất. Bấm “Ở lại” để lưu trước.',
      buttons: ['Bỏ thay đổi', 'Ở lại'],
      defaultId: 1,
      cancelId: 1,
    });
    // Preventing the hold-back lets the close go ahead.
    if (choice === 0) event.preventDefault();
  });
  // Nobody waits for the answers of a page that is gone: its renders and previews stop, as a
  // closed WebSocket's do in the web host.
  win.webContents.on('destroyed', () => abortPageCalls());
  win.webContents.on('render-process-gone', () => abortPageCalls());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** The OS's "save as" window (it asks before replacing a file) and "open" window, over the studio's window. */
const dialogs: HostDialogs = {
  async chooseSaveFile({ defaultPath, title, filters }) {
    const options: Electron.SaveDialogOptions = {
      defaultPath,
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
      ...(title ? { title } : {}),
    };
    const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
  async chooseOpenFile({ defaultPath, title, filters }) {
    const options: Electron.OpenDialogOptions = {
      defaultPath,
      filters,
      properties: ['openFile'],
      ...(title ? { title } : {}),
    };
    const parent = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};

function focusMainWindow(): void {
  if (!mainWindow) {
    mainWindow = createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();

  hardenSession(session.defaultSession);
  // Media is answered once the studio exists; until then /media/ is a 404.
  let connection: Connection | null = null;
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(RENDERER_DIR, (id) => connection?.mediaFile(id) ?? null),
  );

  let studio: Studio;
  try {
    studio = await createStudio({
      dataDir: DATA_DIR,
      appVersion: app.getVersion(),
      host: 'electron',
      env: process.env,
      dialogs,
      // The province's token is sealed by the OS's keychain (refused on Linux without one).
      safeStorage,
    });
  } catch (err) {
    // For example a store written by a newer studio: say why, in the staff's language, and stop.
    // The technical part says how to restore a backup when the records cannot be opened.
    const message =
      err instanceof StudioError || isStudioErrorShape(err)
        ? `${err.message}${err.technical ? `\n\nChi tiết kỹ thuật:\n${err.technical}` : ''}`
        : `Studio không khởi động được: ${err instanceof Error ? err.message : String(err)}`;
    dialog.showErrorBox(TITLE, message);
    app.exit(1);
    return;
  }

  // The app is open: approved programmes go to the province by themselves (stopped by close()).
  studio.startOutbox();
  // The schedule airs by itself while the app runs, windows open or not (stopped by close()).
  void studio.startSchedule().catch((err: unknown) => studio.log.error('The schedule could not start', err));

  // Quitting waits once for the studio to finish (an open take is saved), then quits for real.
  const running = studio;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void running.close().finally(() => app.quit());
  });

  // The app's one window is one connection: its calls, its media, its events, as whoever signs in
  // on it (nobody until then: the window shows the first start's setup or the sign-in screen).
  const window = studio.connect(anonymousCaller('electron'));
  connection = window;
  const handleCall = createIpcCallHandler(window, studio.log.child('ipc'));
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name: unknown, request: unknown, id: unknown) =>
    handleCall(event, name, request, id),
  );
  ipcMain.on(IPC_CANCEL_CHANNEL, (event, message: unknown) => handleCall.cancel(event, message));
  abortPageCalls = () => handleCall.abortAll();
  window.subscribe(createEventForwarder(() => BrowserWindow.getAllWindows().map((w) => w.webContents)));

  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another studio already runs on this data folder (and writes its store): it gets the focus.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (app.isReady()) focusMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((err: unknown) => {
    console.error(err);
    app.exit(1);
  });
}
