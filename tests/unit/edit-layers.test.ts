import { describe, expect, it } from 'vitest';
import { rulesFired } from '../support/lint';

describe('edit/ in the layers', () => {
  it('may not reach up into the composition root, the hosts or the CLI', async () => {
    for (const target of ['../app/studio', '../hosts/web/web-host', '../cli/studio']) {
      expect(
        await rulesFired('src-main/edit/x.ts', `import * as m from '${target}';\nexport const x = m;\n`),
      ).toContain('layers/allowlist');
    }
  });

  it('may use the contract, the store and the audio engine', async () => {
    expect(
      await rulesFired(
        'src-main/edit/x.ts',
        "import { StudioError } from '../contract';\nimport type { Store } from '../store';\n" +
          "import { PeakBuilder } from '../audio/peaks';\nexport const x: [unknown, Store | null, unknown] = [StudioError, null, PeakBuilder];\n",
      ),
    ).toEqual([]);
  });
});
