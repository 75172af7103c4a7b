import { smeStandingOf } from './sme-treatment.ts';

/**
 * 中小企业声明函 (财库〔2020〕46号 附件), 监狱企业 and 残疾人福利性单位声明函 (财库〔2017〕141号 附件): the letter a
 * bidder's small/micro declaration stands on, written from the registered facts rather than typed by the
 * bidder, so it can say nothing the register does not bear. Generated at submission and sealed with the
 * bid; opened with it and shown in the opening record, published with the award (46号 第十三条).
 */
export interface SmeStatementFacts {
  supplier: { name: string; uscc: string | null; sizeClass: string | null; smeTreatment: string | null };
  purchaserName: string;
  /** The tender's or quotation's number and title. */
  procurementNo: string;
  title: string;
  /** What is offered: a lot (第 1 包「…」) or the goods of a quotation, and its name for the 标的 line. */
  part: string;
  itemName: string;
  kind: 'goods' | 'services' | 'works';
  /** The Beijing calendar date of the submission, YYYY-MM-DD. */
  date: string;
  /** Consortium members or subcontractors with their contract share in 1/10,000, as sealed with the bid. */
  share?: {
    kind: 'consortium' | 'subcontract';
    members: readonly { name: string; uscc: string; sizeClass: string | null; smeTreatment: string | null; shareBp: number }[];
  } | null;
}

const sizeLabel = (s: string | null) =>
  ({ medium: '中型企业', small: '小型企业', micro: '微型企业', large: '大型企业' })[s ?? ''] ?? '未登记规模';
const kindWords = { goods: ['货物', '制造'], services: ['服务', '承接'], works: ['工程', '承建'] } as const;
const dateWords = (d: string) => `${d.slice(0, 4)} 年 ${Number(d.slice(5, 7))} 月 ${Number(d.slice(8, 10))} 日`;
const percent = (bpValue: number) => `${(bpValue / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

function treatmentLetter(f: SmeStatementFacts, treatment: 'prison_enterprise' | 'disability_welfare'): string[] {
  if (treatment === 'prison_enterprise')
    return [
      '监狱企业声明',
      '',
      `本单位郑重声明，本单位为在集采平台登记的监狱企业，参加${f.purchaserName}的「${f.title}」（项目编号 ${f.procurementNo}）${f.part}采购活动，依据《关于政府采购支持监狱企业发展有关问题的通知》（财库〔2014〕68号），视同小型、微型企业，享受预留份额、评审中价格扣除等促进中小企业发展的政府采购政策。省级以上监狱管理局、戒毒管理局出具的属于监狱企业的证明文件已在平台登记备查。`,
    ];
  return [
    '残疾人福利性单位声明函',
    '',
    `本单位郑重声明，根据《财政部 民政部 中国残疾人联合会关于促进残疾人就业政府采购政策的通知》（财库〔2017〕141号）的规定，本单位为符合条件的残疾人福利性单位，且本单位参加${f.purchaserName}的「${f.title}」（项目编号 ${f.procurementNo}）${f.part}采购活动提供本单位制造的货物（由本单位承担工程/提供服务），或者提供其他残疾人福利性单位制造的货物（不包括使用非残疾人福利性单位注册商标的货物）。`,
  ];
}

function shareLines(f: SmeStatementFacts): string[] {
  if (!f.share) return [];
  const word = f.share.kind === 'consortium' ? '联合体成员' : '签订分包意向协议的单位';
  return f.share.members.map(
    (m, i) =>
      `${i + 2}. ${word}：${m.name}（统一社会信用代码 ${m.uscc}），登记为${sizeLabel(m.sizeClass)}${smeStandingOf(m).basis === 'prison_enterprise' ? '（监狱企业）' : smeStandingOf(m).basis === 'disability_welfare' ? '（残疾人福利性单位）' : ''}，合同份额 ${percent(m.shareBp)}；`,
  );
}

/** The letter's text, line by line; null when the registered facts bear no small/micro declaration. */
export function smeStatementText(f: SmeStatementFacts): string | null {
  const standing = smeStandingOf(f.supplier);
  // A medium enterprise declares only in a lot reserved for SMEs (smeDeclarationProblem); a large one never.
  if (!standing.sme) return null;
  const signature = [
    '',
    `企业名称（盖章）：${f.supplier.name}`,
    `统一社会信用代码：${f.supplier.uscc ?? '—'}`,
    `日期：${dateWords(f.date)}`,
  ];
  if (standing.basis === 'prison_enterprise' || standing.basis === 'disability_welfare')
    return [...treatmentLetter(f, standing.basis), ...signature].join('\n');
  const [what, verb] = kindWords[f.kind];
  const subject = f.share?.kind === 'consortium' ? '本公司（联合体）' : '本公司';
  return [
    '中小企业声明函',
    '',
    `${subject}郑重声明，根据《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）的规定，${subject}参加${f.purchaserName}的「${f.title}」（项目编号 ${f.procurementNo}）采购活动，${f.part}的${what}全部由符合政策要求的中小企业${verb}。相关企业的具体情况如下：`,
    `1. ${f.itemName}：投标人${f.supplier.name}（统一社会信用代码 ${f.supplier.uscc ?? '—'}），按平台登记的划型（工信部联企业〔2011〕300号）属于${sizeLabel(f.supplier.sizeClass)}；${what}的${verb}者及其划型以投标文件所附材料为准，平台未核验；`,
    ...shareLines(f),
    '以上企业，不属于大企业的分支机构，不存在控股股东为大企业的情形，也不存在与大企业的负责人为同一人的情形。',
    '本企业对上述声明内容的真实性负责。如有虚假，将依法承担相应责任。',
    ...signature,
  ].join('\n');
}
