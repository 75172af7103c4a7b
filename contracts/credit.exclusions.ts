import type { ExclusionListType } from './enums/credit.ts';

export const listTypeLabels: Record<ExclusionListType, string> = {
  bad_conduct: '政府采购不良行为记录（禁止参加政府采购活动）',
  serious_dishonesty: '政府采购严重违法失信行为记录名单',
  dishonest_debtor: '失信被执行人',
  tax_violation: '重大税收违法失信主体',
};

/** 第77条: a bad-conduct ban lasts one to three years. */
export function banLengthProblem(listType: ExclusionListType, startsOn: string, endsOn: string | null): string | null {
  if (endsOn !== null && endsOn < startsOn) return '结束日期不能早于开始日期';
  if (listType !== 'bad_conduct') return null;
  if (endsOn === null) return '不良行为记录须有结束日期（1至3年，政府采购法第七十七条）';
  const start = new Date(`${startsOn}T00:00:00Z`);
  const oneYear = new Date(start);
  oneYear.setUTCFullYear(start.getUTCFullYear() + 1);
  const threeYears = new Date(start);
  threeYears.setUTCFullYear(start.getUTCFullYear() + 3);
  const end = new Date(`${endsOn}T00:00:00Z`);
  // The last day of a one-year ban is the day before the anniversary.
  oneYear.setUTCDate(oneYear.getUTCDate() - 1);
  threeYears.setUTCDate(threeYears.getUTCDate() - 1);
  if (end < oneYear || end > threeYears) return '不良行为记录期限应为 1 至 3 年（政府采购法第七十七条）';
  return null;
}
