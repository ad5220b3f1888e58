// The layer rule of ARCHITECTURE.md, written as allowlists: for each folder, what its files may
// import. An import no entry allows fails lint, and so does any file in a folder of src-main or
// src-renderer that has no entry, so a new folder states its place before it has code.
// (VS Code's layer checks and Signal Desktop's per-process file rules work the same way.)
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Node's built-in modules (`node:fs`, `fs`, `fs/promises`…). */
export const NODE = 'node';

const CONTRACT = 'src-main/contract';
const PLATFORM = 'src-main/platform';
const STORE = 'src-main/store';
const AUDIO = 'src-main/audio';
/** What every service may use: the contract, OS helpers, the store, and zod for its own schemas. */
const SERVICE = [NODE, 'zod', CONTRACT, PLATFORM, STORE];

/**
 * Folder → what its files may import besides their own folder: folders of ours (by path from the
 * repository root), npm packages by name, and NODE. The longest folder that holds a file decides.
 */
export const LAYERS = {
  // 1. The contract: types and schemas shared by main and the renderer.
  [CONTRACT]: ['zod'],
  // OS helpers with no domain knowledge.
  [PLATFORM]: [NODE, CONTRACT],
  // 3. Records in one SQLite database (better-sqlite3); configuration in one JSON file per collection.
  [STORE]: [NODE, 'zod', 'lowdb', 'better-sqlite3', CONTRACT, PLATFORM],
  // The audio engine: render graphs, the one ffmpeg runner, sources, previews, peaks. It holds no
  // records (no store) and knows no service: media, edit and programme are built on it.
  [AUDIO]: [NODE, CONTRACT, PLATFORM],
  // 2. Services, each with the services it is built on.
  'src-main/media': [...SERVICE, AUDIO, 'node-record-lpcm16', 'ffmpeg-static'],
  'src-main/edit': [...SERVICE, AUDIO, 'src-main/media'],
  'src-main/programme': [...SERVICE, AUDIO, 'src-main/media', 'src-main/edit'],
  'src-main/settings': SERVICE,
  'src-main/system': [...SERVICE, 'src-main/media'],
  // The tamper-evident audit log: its files and its index; the router records into it.
  'src-main/audit': SERVICE,
  // Users, password hashes, the wrong-password throttle and the in-memory sessions.
  'src-main/accounts': SERVICE,
  // Notifications inside the studio: made by the composition root from other services' events.
  'src-main/notifications': SERVICE,
  // Publishing to the province (issue 14): where to (settings, the sealed token) and the check;
  // the audio by tus 1.0 through tus-js-client.
  'src-main/publish': [...SERVICE, 'tus-js-client'],
  // Live to the communes (issue 15): the stations registry now; the PCM bus, encoders and outputs
  // on the audio engine later. It knows no other service.
  'src-main/live': [...SERVICE, AUDIO],
  // The schedule (issue 16): slots, conflicts, and the runner that plays them on the live engine.
  'src-main/schedule': [...SERVICE, AUDIO, 'src-main/live', 'src-main/broadcast-log'],
  // The broadcast log (issue 16): what aired, where, when; written as it airs, read by the archive.
  'src-main/broadcast-log': SERVICE,
  // Watching the air (issue 16): fleet health, silence and link alarms, the webhook, the clock.
  'src-main/monitor': [...SERVICE, AUDIO, 'src-main/live'],
  // The archive (issue 17): a record for every programme, segment, asset and as-aired recording, the
  // search over them, the bulk import of old archives and the retention rule.
  'src-main/archive': [...SERVICE, AUDIO, 'src-main/media', 'src-main/programme', 'src-main/broadcast-log'],
  // Reports (issue 17): airtime by language, station, subject, month; XLSX and PDF.
  'src-main/reports': [...SERVICE, 'src-main/programme', 'src-main/broadcast-log', 'exceljs'],
  // The receiver simulator: a measuring tool (HTTP, ffmpeg, the timing marks), no service, no store.
  'src-main/live/receiver-sim': [NODE, PLATFORM, 'src-main/live'],
  // 4. The router, connections and handlers: with the composition root, the only code that knows
  // every service. `app/studio.ts` hands hosts and the CLI a Studio whose one door is connect().
  'src-main/app': [
    ...SERVICE,
    AUDIO,
    'src-main/media',
    'src-main/edit',
    'src-main/programme',
    'src-main/settings',
    'src-main/system',
    'src-main/audit',
    'src-main/accounts',
    'src-main/notifications',
    'src-main/publish',
    'src-main/live',
    'src-main/schedule',
    'src-main/broadcast-log',
    'src-main/monitor',
    'src-main/archive',
    'src-main/reports',
    'src-main/app/composition',
  ],
  // The composition root: builds every service, and gives them (with the router and the event bus)
  // to app/studio.ts and to tests, never to hosts or the CLI (their lists do not name it).
  'src-main/app/composition': [
    ...SERVICE,
    AUDIO,
    'src-main/media',
    'src-main/edit',
    'src-main/programme',
    'src-main/settings',
    'src-main/system',
    'src-main/audit',
    'src-main/accounts',
    'src-main/notifications',
    'src-main/publish',
    'src-main/live',
    'src-main/schedule',
    'src-main/broadcast-log',
    'src-main/monitor',
    'src-main/archive',
    'src-main/reports',
    'src-main/app',
  ],
  // 5. Hosts and the CLI reach the services only through app/ (the router). Platform helpers are
  // allowed: they hold no domain state (disk space, finding a program, a concurrency limiter).
  'src-main/hosts': [NODE, CONTRACT, PLATFORM, 'src-main/app'],
  'src-main/hosts/web': [NODE, CONTRACT, PLATFORM, 'src-main/app', 'src-main/hosts', 'ws'],
  'src-main/hosts/electron': [NODE, CONTRACT, PLATFORM, 'src-main/app', 'src-main/hosts', 'electron'],
  // The provincial sandbox (issue 14): a tool that plays the province's source system for tests and
  // training. It knows nothing of the studio: no service, no store, not even the contract.
  'src-main/sandbox/provincial': [NODE, 'zod', '@tus/server', '@tus/file-store'],
  // `studio serve` runs the web host; `studio provincial-sandbox` runs the sandbox.
  'src-main/cli': [
    NODE,
    CONTRACT,
    PLATFORM,
    'src-main/app',
    'src-main/hosts/web',
    'src-main/sandbox/provincial',
    'src-main/live/receiver-sim',
  ],
  // The UI: its own code, the contract (by `import type` only, checked by a rule of its own in
  // eslint.config.js) and its UI packages. No Node, no main code.
  'src-renderer': [
    CONTRACT,
    'react',
    'react-dom',
    'i18next',
    'react-i18next',
    'wavesurfer.js',
    '@fontsource/be-vietnam-pro',
    // The reports' charts (issue 17): small (~50 KB) and kept up.
    'uplot',
  ],
};

/** The folders the layer rule governs; files elsewhere (tests, bench, scripts) are not checked. */
const GOVERNED = ['src-main', 'src-renderer'];

const BUILTINS = new Set(builtinModules);

/** The LAYERS key holding a repository path (no extension needed), or null. */
export function layerOf(repoPath) {
  let best = null;
  for (const key of Object.keys(LAYERS)) {
    if ((repoPath === key || repoPath.startsWith(`${key}/`)) && (!best || key.length > best.length))
      best = key;
  }
  return best;
}

/** What an import names, as the allowlists write it: NODE, a package name, or a folder of ours. */
function targetOf(spec, fromFile, root) {
  if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0])) return NODE;
  if (!spec.startsWith('.') && !path.isAbsolute(spec)) {
    const parts = spec.split('/');
    return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  }
  const repoPath = path
    .relative(root, path.resolve(path.dirname(fromFile), spec))
    .split(path.sep)
    .join('/');
  // A folder of ours with no entry is named by its first two segments, so the message can name it.
  return layerOf(repoPath) ?? repoPath.split('/').slice(0, 2).join('/');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder imports only what lint/layers.js allows it.' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (!GOVERNED.some((g) => file.startsWith(`${g}/`))) return {};
    const layer = layerOf(file);
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (!layer) {
        context.report({
          node,
          message: `${path.dirname(file)} has no entry in lint/layers.js: say what this folder may import there.`,
        });
        return;
      }
      const target = targetOf(spec, context.filename, root);
      if (target === layer || LAYERS[layer].includes(target)) return;
      context.report({
        node,
        message: `${layer} may not import ${target === NODE ? "Node's built-in modules" : target} ('${spec}'); what it may import is listed in lint/layers.js.`,
      });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) =>
        n.callee.type === 'Identifier' &&
        n.callee.name === 'require' &&
        n.arguments[0]?.type === 'Literal' &&
        check(n, n.arguments[0].value),
    };
  },
};

export const layersPlugin = { rules: { allowlist: rule } };
