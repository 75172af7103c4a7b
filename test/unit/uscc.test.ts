import { describe, expect, it } from 'vitest';
import { isValidUscc, makeUscc, usccProblem } from '../../server/modules/organizations/organizations.rules.ts';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('accepts published valid codes', () => {
    // Codes printed on public business licences / the standard's worked example.
    for (const code of ['91350100M000100Y43', '91110000802100433B']) {
      expect(usccProblem(code), code).toBeNull();
    }
  });

  it('names what is wrong with a bad code', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100Y4I')).toBe('characters');
    expect(usccProblem('91350100M000100Y44')).toBe('check');
    expect(usccProblem('91350100m000100Y43')).toBe('characters');
  });

  it('makes valid codes for demo data, and one changed character breaks them', () => {
    for (let i = 1; i < 200; i++) {
      const code = makeUscc('110108', 10_000_000 + i * 7919);
      expect(isValidUscc(code)).toBe(true);
      const tampered = code.slice(0, 10) + (code[10] === '1' ? '2' : '1') + code.slice(11);
      expect(isValidUscc(tampered)).toBe(false);
    }
  });
});
