/**
 * The sandboxed preload: exposes `window.studio` (type `StudioApi`) and nothing else.
 *
 * - Built by scripts/build.mjs to CommonJS (out/main/preload.cjs). In a sandboxed preload only
 *   'electron' can be required, so this bundle contains no zod and no Node built-ins; the build
 *   fails if it would require anything else.
 * - The call names come from the contract at build time (`__STUDIO_CALL_NAMES__`, computed from
 *   `CALL_NAMES` by the build), so the API has exactly one method per call and cannot drift.
 * - Every method sends `(name, request)` on IPC_CALL_CHANNEL; main checks the sender, validates
 *   the request with the contract's zod schema and checks the caller's permission.
 * - Errors: main answers with a Reply. The method resolves with `result`, or REJECTS WITH A PLAIN
 *   OBJECT `{ code, message, details? }` (a StudioErrorShape), not an Error: contextBridge keeps
 *   only an Error's message and would drop its code, whereas plain objects are copied whole.
 *   The renderer's `toStudioCallError` (src-renderer/studio/studio-error.ts) turns it into a
 *   StudioCallError. If IPC itself fails, the rejection is `{ code: 'UNAVAILABLE', ... }`.
 * - Cancelling: `window.studio.call(name, request, whenStarted)` (StudioCallBridge) numbers the
 *   call and hands `whenStarted` a function that sends `{ cancel: id }` on IPC_CANCEL_CHANNEL; the
 *   renderer's client calls it when the call's AbortSignal aborts (a signal cannot cross the bridge).
 * - Files: `window.studioFiles.pathForFile(file)` gives the path of a dropped or picked File
 *   (Electron's webUtils), so imports read files in place instead of uploading them.
 * - Events: `studio.on(event, handler)` returns an unsubscribe function; one IPC listener feeds
 *   all handlers, and handlers receive the payload only (never the IPC event or ipcRenderer).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL } from '../../contract/api';
import { buildStudioApi, createCallBridge, createEventHub } from './api-shape';

declare const __STUDIO_CALL_NAMES__: readonly string[];

const hub = createEventHub((err) => console.error('studio.on handler failed', err));
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => hub.dispatch(name, payload));

const invoke = (name: string, request: unknown, id?: number) =>
  (id === undefined
    ? ipcRenderer.invoke(IPC_CALL_CHANNEL, name, request)
    : ipcRenderer.invoke(IPC_CALL_CHANNEL, name, request, id)) as Promise<unknown>;
const api = buildStudioApi(__STUDIO_CALL_NAMES__, invoke, hub);
// The same calls, cancellable: `{ cancel: id }` goes to main, which aborts that call.
const bridge = createCallBridge(invoke, (message) => ipcRenderer.send(IPC_CANCEL_CHANNEL, message));

contextBridge.exposeInMainWorld('studio', Object.freeze({ ...api, call: bridge.call }));
contextBridge.exposeInMainWorld(
  'studioFiles',
  Object.freeze({ pathForFile: (file: File): string => webUtils.getPathForFile(file) }),
);
