import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file`, and returns the rules that fired. */
async function rulesFired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rule (imports point down only)', () => {
  it('stops the contract from importing anything else of ours', async () => {
    expect(
      await rulesFired(
        'src-main/contract/x.ts',
        "import { Store } from '../store';\nexport const s = Store;\n",
      ),
    ).toContain('import-x/no-restricted-paths');
  });

  it('stops a service from reaching up into the composition root or a host', async () => {
    expect(
      await rulesFired(
        'src-main/media/x.ts',
        "import { createStudio } from '../app/studio';\nexport const c = createStudio;\n",
      ),
    ).toContain('import-x/no-restricted-paths');
    expect(
      await rulesFired(
        'src-main/system/x.ts',
        "import { startWebHost } from '../hosts/web/web-host';\nexport const w = startWebHost;\n",
      ),
    ).toContain('import-x/no-restricted-paths');
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
    ).toContain('import-x/no-restricted-paths');
  });

  it('allows the downward imports the architecture intends', async () => {
    expect(
      await rulesFired(
        'src-main/app/x.ts',
        "import { Store } from '../store';\nimport { StudioError } from '../contract';\nexport const a = [Store, StudioError];\n",
      ),
    ).toEqual([]);
  });
});
