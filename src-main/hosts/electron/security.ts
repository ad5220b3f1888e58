/**
 * Hardening of the Electron host, as plain data and pure functions: nothing here imports
 * Electron at run time (`import type` only), so every rule is asserted by unit tests on
 * machines where the Electron binary cannot be installed. `main.ts` only wires these in.
 *
 * The trust model: the renderer is served from our own privileged scheme (`app://studio/`),
 * so it has a real, unique origin. Only that origin may navigate, use the microphone or talk
 * to main over IPC; everything else (other origins, new windows, webviews, every other
 * permission) is refused.
 */
import type {
  CustomScheme,
  IpcMainInvokeEvent,
  PermissionCheckHandlerHandlerDetails,
  Session,
  WebContents,
  WebPreferences,
} from 'electron';
import { DEFAULT_ERROR_MESSAGES, StudioError } from '../../contract';
import { contentSecurityPolicy } from '../csp';

/** The custom scheme the built renderer is served from. */
export const APP_SCHEME = 'app';
/** The single host of that scheme; any other host is refused. */
export const APP_HOST = 'studio';
/** The renderer's origin, as Chromium serialises it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `app` is ready. `standard` gives the scheme real origins (so `'self'` in
 * the CSP, relative URLs and storage work), `secure` makes it a secure context (needed for
 * getUserMedia), `supportFetchAPI` lets the UI fetch its own assets and `stream` lets media
 * elements seek. No `bypassCSP`, no `corsEnabled`, no service workers.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    stream: true,
    codeCache: true,
  },
};

/** The only webPreferences a studio window is ever created with. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/**
 * The CSP header sent with every response of the app protocol (the same policy as the web host);
 * a page's carries the nonce its inline styles need.
 */
export function appContentSecurityPolicy(styleNonce?: string): string {
  return contentSecurityPolicy([], styleNonce);
}

/**
 * Whether a URL (or a serialised origin such as `app://studio`) belongs to the app's own origin.
 * Parsed, never prefix-matched: `app://studio.evil/`, `app://studio@evil/`, `app://studio:1/`
 * and anything not `app:` are all untrusted.
 */
export function isTrustedUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

// ---------------------------------------------------------------------------------------------
// Permissions: the microphone, for the app's own origin, and nothing else.

/** What a permission request carries (Electron's PermissionRequest / MediaAccessPermissionRequest). */
export interface PermissionRequestInfo {
  requestingUrl?: string;
  securityOrigin?: string;
  mediaTypes?: readonly string[];
}

/**
 * Grants `media` only when every requested media type is `audio` (so never the camera, and
 * never an empty or unknown list), and only when the requesting frame, its security origin and
 * the page of the requesting web contents (when known) are all the app's own origin.
 */
export function isPermissionRequestAllowed(
  permission: string,
  details: PermissionRequestInfo,
  webContentsUrl?: string,
): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  if (types.length === 0 || !types.every((t) => t === 'audio')) return false;
  if (!isTrustedUrl(details.requestingUrl)) return false;
  if (details.securityOrigin !== undefined && !isTrustedUrl(details.securityOrigin)) return false;
  if (webContentsUrl !== undefined && !isTrustedUrl(webContentsUrl)) return false;
  return true;
}

/** Same rule for Chromium's synchronous permission checks (for example before enumerating devices). */
export function isPermissionCheckAllowed(
  permission: string,
  requestingOrigin: string,
  details: Pick<PermissionCheckHandlerHandlerDetails, 'mediaType' | 'securityOrigin' | 'embeddingOrigin'>,
): boolean {
  if (permission !== 'media') return false;
  if (details.mediaType !== 'audio') return false;
  if (details.embeddingOrigin !== undefined) return false;
  if (!isTrustedUrl(requestingOrigin)) return false;
  if (details.securityOrigin !== undefined && !isTrustedUrl(details.securityOrigin)) return false;
  return true;
}

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};
type DeviceHandler = Parameters<Session['setDevicePermissionHandler']>[0] & {};

/** For `session.setPermissionRequestHandler`. */
export const permissionRequestHandler: RequestHandler = (webContents, permission, callback, details) => {
  let pageUrl: string | undefined;
  try {
    pageUrl = webContents?.getURL();
  } catch {
    pageUrl = '';
  }
  callback(isPermissionRequestAllowed(permission, details as PermissionRequestInfo, pageUrl));
};

/** For `session.setPermissionCheckHandler`. */
export const permissionCheckHandler: CheckHandler = (_webContents, permission, requestingOrigin, details) =>
  isPermissionCheckAllowed(permission, requestingOrigin, details);

/** For `session.setDevicePermissionHandler`: no USB, HID or serial devices. */
export const devicePermissionHandler: DeviceHandler = () => false;

/** Installs the permission handlers on a session. */
export function hardenSession(
  ses: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  ses.setPermissionRequestHandler(permissionRequestHandler);
  ses.setPermissionCheckHandler(permissionCheckHandler);
  ses.setDevicePermissionHandler(devicePermissionHandler);
}

// ---------------------------------------------------------------------------------------------
// Navigation and new windows.

/** True when a navigation to `url` must be prevented: anything outside the app's origin. */
export function shouldPreventNavigation(url: string | null | undefined): boolean {
  return !isTrustedUrl(url);
}

/** For `webContents.setWindowOpenHandler`: the studio never opens windows from page content. */
export const windowOpenHandler = (): { action: 'deny' } => ({ action: 'deny' });

interface PreventableWithUrl {
  preventDefault(): void;
  url?: string;
}

/**
 * Hardens any web contents (windows, and anything else that ever gets created): navigation and
 * redirects leave the app's origin never, webviews are never attached, window.open is denied.
 * Installed from `app.on('web-contents-created')`, so it covers contents we did not create.
 */
export function hardenWebContents(contents: WebContents): void {
  const guard = (event: PreventableWithUrl, legacyUrl?: unknown) => {
    const url = typeof event.url === 'string' ? event.url : typeof legacyUrl === 'string' ? legacyUrl : '';
    if (shouldPreventNavigation(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-frame-navigate', (event) => guard(event));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler);
}

// ---------------------------------------------------------------------------------------------
// IPC senders.

/** The part of an IPC event the check reads. `senderFrame` is null once the frame has gone. */
export type IpcSenderEvent = {
  senderFrame?: Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url'> | null;
};

/** Whether an IPC message comes from a frame showing the app's own origin. */
export function isTrustedSender(event: IpcSenderEvent | null | undefined): boolean {
  let url: string | undefined;
  try {
    url = event?.senderFrame?.url;
  } catch {
    // Reading a destroyed frame's URL throws; a frame we cannot identify is not trusted.
    return false;
  }
  return isTrustedUrl(url);
}

/** Throws `StudioError('FORBIDDEN')` unless the sender is the app's own page. */
export function assertTrustedSender(event: IpcSenderEvent | null | undefined): void {
  if (!isTrustedSender(event)) {
    throw new StudioError(
      'FORBIDDEN',
      `${DEFAULT_ERROR_MESSAGES.FORBIDDEN} (Yêu cầu không đến từ giao diện của studio.)`,
    );
  }
}
