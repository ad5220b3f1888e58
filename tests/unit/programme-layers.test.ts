/** The layer rule holds for the programme service too: it never reaches up into app, hosts or the CLI. */
import { describe, expect, it } from 'vitest';
import { rulesFired } from '../support/lint';

describe('programme/ (a service, layer 2)', () => {
  it('may not import the composition root, a host or the CLI', async () => {
    for (const from of ['../app/studio', '../hosts/web/web-host', '../cli/studio']) {
      expect(
        await rulesFired('src-main/programme/x.ts', `import * as m from '${from}';\nexport const x = m;\n`),
        from,
      ).toContain('layers/allowlist');
    }
  });

  it('may use the contract and the audio engine below it', async () => {
    expect(
      await rulesFired(
        'src-main/programme/x.ts',
        "import { calls } from '../contract';\nimport { addTimeline } from '../audio';\nexport const x = [calls, addTimeline];\n",
      ),
    ).toEqual([]);
  });
});
