import { describe, expect, it } from 'vitest';
import { parseSeconds } from '../../src-main/cli/commands/record';

describe('studio record --seconds', () => {
  it('accepts positive numbers (a Vietnamese decimal comma too) and refuses the rest in Vietnamese', () => {
    expect(parseSeconds('30')).toBe(30);
    expect(parseSeconds('2,5')).toBe(2.5);
    for (const bad of ['0', '-3', 'abc', '', '999999']) {
      expect(() => parseSeconds(bad)).toThrow(/Số giây/);
    }
    expect(() => parseSeconds(undefined)).toThrow(/Thiếu số giây/);
  });
});
