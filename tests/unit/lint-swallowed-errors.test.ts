import { describe, expect, it } from 'vitest';
import { rulesFired } from '../support/lint';

// errors/no-silent-catch: a promise's error is logged, or a comment says why it may be ignored.
const RULE = 'errors/no-silent-catch';
const FILE = 'src-main/media/example.ts';

const lint = (body: string) =>
  rulesFired(
    FILE,
    `declare const work: Promise<void>;\ndeclare const log: { warn(m: string, e: unknown): void };\nexport async function f(): Promise<void> {\n${body}\n}\n`,
  );

describe('a swallowed promise error', () => {
  it.each([
    ['undefined', '  await work.catch(() => undefined);'],
    ['an empty block', '  await work.catch(() => {});'],
    ['void 0', '  await work.catch(() => void 0);'],
    ['a chain split over lines', '  await work\n    .then(() => 1)\n    .catch(() => undefined);'],
  ])('is refused when it drops the error to %s without a word', async (_what, body) => {
    expect(await lint(body)).toContain(RULE);
  });

  it.each([
    ['logged', "  await work.catch((err: unknown) => log.warn('lost', err));"],
    [
      'explained on the line above',
      '  // Only orders the queue: the caller gets the error.\n  await work.catch(() => undefined);',
    ],
    ['explained on its line', '  await work.catch(() => undefined); // the caller gets the error'],
    ['explained inside', '  await work.catch(() => {\n    // a leftover is removed at the next start\n  });'],
    ['turned into a value (a probe)', '  const v = await work.then(() => 1).catch(() => null);\n  void v;'],
    [
      'one of a run explained once above it',
      '  // The start failed already; the files hold nothing.\n  await work.catch(() => undefined);\n  await work.catch(() => undefined);\n  await work.catch(() => undefined);',
    ],
  ])('is allowed when %s', async (_what, body) => {
    expect(await lint(body)).not.toContain(RULE);
  });

  it('is refused after a statement that drops nothing, even if a comment is further up', async () => {
    const body =
      '  // Something else entirely.\n  const n = 1;\n  void n;\n  await work.catch(() => undefined);';
    expect(await lint(body)).toContain(RULE);
  });
});
