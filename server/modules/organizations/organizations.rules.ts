import type { OrgKind, Role } from '../../db/schema/identity.ts';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z);
 * the last is a check character over the first 17 with weights 3^i mod 31.
 */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check] ?? null;
}

/**
 * The province-level divisions of GB/T 2260 (the first two digits of a 行政区划 code), and 10 for
 * bodies registered with a central department (登记管理机关 at national level: region 100000).
 */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  '10': '国家级登记',
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

/**
 * Characters 3–8 of a USCC are the 登记管理机关行政区划码: six digits of a GB/T 2260 code. A code is
 * kept for life, so a region renamed or merged since it was issued still stands on old licences: the
 * check is the code's shape (six digits, a province-level division that exists, and for central
 * registration the national code 100000 itself), not the current list of counties.
 */
export function usccRegionProblem(region: string): 'region' | null {
  if (!/^\d{6}$/.test(region)) return 'region';
  const province = region.slice(0, 2);
  if (!(province in PROVINCE_CODES)) return 'region';
  if (province === '10' && region !== '100000') return 'region';
  return null;
}

export type UsccProblem = 'length' | 'characters' | 'region' | 'check';

export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  if (![...code].every((c) => USCC_ALPHABET.includes(c))) return 'characters';
  if (usccRegionProblem(code.slice(2, 8))) return 'region';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}

export const isValidUscc = (code: string) => usccProblem(code) === null;

/**
 * 组织机构代码 (GB 11714-1997), characters 9–17 of a USCC: 8 characters and a check digit.
 * Used to build valid demo and test codes.
 */
export function orgCodeCheck(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8[i] ?? '0';
    const value = /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += value * (weights[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** A valid USCC for an enterprise (登记管理部门 9, 类别 1) in a region, from an 8-digit serial. */
export function makeUscc(regionCode: string, serial: number): string {
  const base = String(serial).padStart(8, '0').slice(-8);
  const first17 = `91${regionCode}${base}${orgCodeCheck(base)}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}

/** Which roles a user may hold in each kind of organization (DOMAIN.md, "Who uses it"). */
export const rolesByOrgKind: Record<OrgKind, readonly Role[]> = {
  purchasing_unit: ['purchaser', 'approver'],
  supplier: ['supplier'],
  procurement_center: ['center_staff', 'expert'],
  regulator: ['regulator'],
  platform: ['admin'],
};

export const rolesNotAllowedIn = (kind: OrgKind, roles: readonly Role[]) => roles.filter((r) => !rolesByOrgKind[kind].includes(r));
