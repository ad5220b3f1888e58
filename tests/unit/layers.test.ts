/**
 * The layer rule (lint/layers.js): every folder imports only what its allowlist names. Each rule
 * is proved both ways: every folder is linted importing every other folder, Node and the packages
 * the rules mention, and the import must be refused exactly when its list does not name it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesFired } from '../support/lint';
import { LAYERS, NODE } from '../../lint/layers.js';

const RULE = 'layers/allowlist';

/** Lints `code` as if it were the file at `file`, and returns the rules that fired. */

/** A one-line module in `layer` importing `target` (a folder of ours, NODE or a package). */
function importing(layer: string, target: string): { file: string; code: string } {
  const file = `${layer}/x.ts`;
  const spec =
    target === NODE
      ? 'node:fs'
      : target.startsWith('src-')
        ? path.relative(layer, `${target}/y`).split(path.sep).join('/')
        : target;
  const relative = spec.startsWith('.') || !target.startsWith('src-') ? spec : `./${spec}`;
  return { file, code: `import * as m from '${relative}';\nexport const n = m;\n` };
}

const layers = Object.keys(LAYERS);
const packages = [...new Set(Object.values(LAYERS).flat())].filter(
  (t) => !t.startsWith('src-') && t !== NODE,
);
const targets = [...layers, NODE, ...packages, 'lodash'];

describe('layer allowlists', () => {
  for (const layer of layers) {
    it(`${layer} imports exactly what its list allows`, async () => {
      const wrong: string[] = [];
      for (const target of targets) {
        if (target === layer) continue;
        const { file, code } = importing(layer, target);
        const refused = (await rulesFired(file, code)).includes(RULE);
        const allowed = LAYERS[layer]?.includes(target) ?? false;
        if (refused === allowed) wrong.push(`${target}: ${refused ? 'refused' : 'allowed'}`);
      }
      expect(wrong).toEqual([]);
      // 27 files linted, and the first test also starts ESLint: slow on a busy 2-core machine.
    }, 60_000);
  }

  it('refuses the imports the review found passing the old rule', async () => {
    const cases: Array<[string, string]> = [
      ['src-main/media/x.ts', "import { EditService } from '../edit/edit-service';"],
      // The audio engine is below every service: edit and programme use it, never the other way.
      ['src-main/audio/x.ts', "import { EditService } from '../edit/edit-service';"],
      ['src-main/audio/render/x.ts', "import { ProgrammeService } from '../../programme/programme-service';"],
      ['src-main/audio/x.ts', "import { Library } from '../media/library';"],
      ['src-main/audio/x.ts', "import { Store } from '../store';"],
      // The audit log is a service of its own: it records calls, it knows no other service.
      ['src-main/audit/x.ts', "import { Library } from '../media/library';"],
      // Notifications hear of programmes through events the composition root hands them, not by import.
      ['src-main/notifications/x.ts', "import { ProgrammeService } from '../programme/programme-service';"],
      ['src-main/audio/x.ts', "import { createStudio } from '../app/studio';"],
      ['src-main/hosts/web/x.ts', "import { ProgrammeService } from '../../programme/programme-service';"],
      ['src-main/cli/x.ts', "import { Library } from '../media/library';"],
      ['src-main/cli/x.ts', "import { composeStudio } from '../app/composition/compose-studio';"],
      ['src-main/hosts/web/x.ts', "import { composeStudio } from '../../app/composition/compose-studio';"],
      ['src-main/newfolder/x.ts', "import { createStudio } from '../app/studio';"],
      ['src-renderer/x.ts', "import os from 'os';"],
      ['src-renderer/x.ts', "import { Low } from 'lowdb';"],
      ['src-renderer/x.ts', "import { WebSocket } from 'ws';"],
      ['src-main/contract/x.ts', "import { readFileSync } from 'node:fs';"],
      // The provincial sandbox is a tool apart: it plays the province and knows nothing of the studio.
      ['src-main/sandbox/provincial/x.ts', "import { createStudio } from '../../app/studio';"],
      ['src-main/sandbox/provincial/x.ts', "import { Store } from '../../store';"],
      ['src-main/sandbox/provincial/x.ts', "import { calls } from '../../contract';"],
      // Live (stations, later the engine) is a service: it reaches no sibling and no router.
      ['src-main/live/stations/x.ts', "import { Outbox } from '../../publish/outbox';"],
      ['src-main/live/x.ts', "import { createRouter } from '../app/router';"],
      // The receiver simulator measures streams; it opens no studio and no store.
      ['src-main/live/receiver-sim/x.ts', "import { createStudio } from '../../app/studio';"],
      ['src-main/live/receiver-sim/x.ts', "import { Store } from '../../store';"],
      // The CLI runs the simulator, not the live service itself.
      ['src-main/cli/x.ts', "import { markGenerator } from '../live/timing-marks';"],
      // Only the CLI runs it; the web host does not.
      [
        'src-main/hosts/web/x.ts',
        "import { startProvincialSandbox } from '../../sandbox/provincial/sandbox-server';",
      ],
    ];
    for (const [file, line] of cases) {
      expect(await rulesFired(file, `${line}\nexport const n = 1;\n`), `${file}: ${line}`).toContain(RULE);
    }
  });

  it('sees dynamic imports, re-exports and require', async () => {
    const file = 'src-main/media/x.ts';
    expect(await rulesFired(file, "export const p = import('../app/studio');\n")).toContain(RULE);
    expect(await rulesFired(file, "export { createStudio } from '../app/studio';\n")).toContain(RULE);
    expect(await rulesFired(file, "export * from '../hosts/csp';\n")).toContain(RULE);
    expect(await rulesFired(file, "export const s = require('../app/studio');\n")).toContain(RULE);
  });

  it('lets the renderer import the contract by type only, and nothing else of main', async () => {
    expect(
      await rulesFired(
        'src-renderer/x.ts',
        "import type { Settings } from '../src-main/contract';\nexport type S = Settings;\n",
      ),
    ).toEqual([]);
    expect(
      await rulesFired(
        'src-renderer/x.ts',
        "import { calls } from '../src-main/contract';\nexport const c = calls;\n",
      ),
    ).toContain('@typescript-eslint/no-restricted-imports');
    expect(
      await rulesFired(
        'src-renderer/x.ts',
        "import { Store } from '../src-main/store';\nexport const s = Store;\n",
      ),
    ).toContain(RULE);
  });

  it('leaves tests, benchmarks and scripts free to import what they test', async () => {
    expect(
      await rulesFired(
        'tests/unit/y.test.ts',
        "import { Store } from '../../src-main/store';\nexport const s = Store;\n",
      ),
    ).toEqual([]);
  });
});
