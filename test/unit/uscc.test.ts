import { describe, expect, it } from 'vitest';
import { isValidUscc, makeUscc, usccCheckCharacter, usccProblem } from '../../server/modules/organizations/organizations.rules.ts';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('accepts published valid codes', () => {
    // Codes printed on public business licences / the standard's worked example.
    for (const code of ['91350100M000100Y43', '91110000802100433B']) {
      expect(usccProblem(code), code).toBeNull();
    }
  });

  it('names what is wrong with a bad code [rule:organizations.uscc-check]', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100Y4I')).toBe('characters');
    expect(usccProblem('91350100M000100Y44')).toBe('check');
    expect(usccProblem('91350100m000100Y43')).toBe('characters');
  });

  it('refuses a region part that is not six digits of a province-level division (GB/T 2260), even when the check character is right [rule:organizations.uscc-region]', () => {
    const withCheck = (first17: string) => `${first17}${usccCheckCharacter(first17)}`;
    expect(withCheck('9111A108551385082')).toBe('9111A108551385082L');
    expect(usccProblem('9111A108551385082L')).toBe('region');
    expect(usccProblem(makeUscc('990101', 12_345_678))).toBe('region');
    expect(usccProblem(makeUscc('000000', 12_345_678))).toBe('region');
    expect(usccProblem(makeUscc('100101', 12_345_678))).toBe('region');
    // Central registration (100000) and every province-level division stand.
    expect(usccProblem(withCheck('91100000100010433'))).toBeNull();
    for (const region of ['110108', '320100', '650100', '460100', '540100', '820000']) {
      expect(usccProblem(makeUscc(region, 12_345_678)), region).toBeNull();
    }
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
