import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionRows } from './regions.data.ts';
import { calendarDays, categories, policyValues, procurementMethods, regions, type SpecField } from '../../db/schema/index.ts';
import { procurementMethodRows } from '../../../contracts/procurement-methods.ts';
import { bidBondMaxRatio, smePolicy } from '../../../contracts/tenders.policy.ts';

/*
 * The reference data every deployment starts from: regions (GB/T 2260), the 品目 tree with its spec schemas,
 * policy values with their legal basis, and the 2026 holiday calendar. Longer than a module file should be
 * (#14) because it is data, one row a line, kept in one place so a reader can check it against its sources;
 * the code that applies it is the one function at the end.
 */

const pcSpecs: SpecField[] = [
  { key: 'cpu', label: '处理器', labelEn: 'CPU', type: 'text', required: true },
  { key: 'memoryGb', label: '内存', labelEn: 'Memory', type: 'number', unit: 'GB', required: true },
  { key: 'storageGb', label: '硬盘', labelEn: 'Storage', type: 'number', unit: 'GB', required: true },
  { key: 'os', label: '操作系统', labelEn: 'Operating system', type: 'text', required: true },
];
const laptopSpecs: SpecField[] = [
  ...pcSpecs,
  { key: 'screenInch', label: '屏幕尺寸', labelEn: 'Screen', type: 'number', unit: '英寸', required: true },
];
const printerSpecs: SpecField[] = [
  { key: 'paper', label: '最大幅面', labelEn: 'Paper size', type: 'enum', options: ['A4', 'A3'], required: true },
  { key: 'color', label: '彩色/黑白', labelEn: 'Colour', type: 'enum', options: ['黑白', '彩色'], required: true },
  { key: 'ppm', label: '打印速度', labelEn: 'Speed', type: 'number', unit: '页/分钟', required: true },
];

interface CategorySeed {
  code: string;
  name: string;
  nameEn: string;
  green?: 'mandatory' | 'priority' | 'none';
  framework?: boolean;
  referenceYuan?: number;
  capYuan?: number;
  minYears?: number;
  specs?: SpecField[];
}

/**
 * 政府采购品目分类目录 (2022) excerpt. Green flags follow the 节能产品/环境标志产品 item lists
 * (财库〔2019〕9号, ★ = mandatory); caps and years follow 财资〔2016〕27号. Both are *verify* values:
 * center staff maintain them, the code never assumes them.
 */
const categorySeeds: CategorySeed[] = [
  { code: 'A', name: '货物', nameEn: 'Goods' },
  { code: 'A02', name: '设备', nameEn: 'Equipment' },
  { code: 'A0201', name: '信息化设备', nameEn: 'IT equipment' },
  { code: 'A020101', name: '计算机', nameEn: 'Computers' },
  { code: 'A02010103', name: '服务器', nameEn: 'Servers', green: 'priority', framework: true, referenceYuan: 38_000, specs: pcSpecs },
  {
    code: 'A02010104',
    name: '台式计算机',
    nameEn: 'Desktop computers',
    green: 'mandatory',
    framework: true,
    referenceYuan: 4_800,
    capYuan: 5_000,
    minYears: 6,
    specs: pcSpecs,
  },
  {
    code: 'A02010105',
    name: '便携式计算机',
    nameEn: 'Laptops',
    green: 'mandatory',
    framework: true,
    referenceYuan: 6_500,
    capYuan: 7_000,
    minYears: 6,
    specs: laptopSpecs,
  },
  {
    code: 'A02010106',
    name: '平板式计算机',
    nameEn: 'Tablets',
    green: 'mandatory',
    framework: true,
    referenceYuan: 3_500,
    capYuan: 4_000,
    minYears: 6,
  },
  { code: 'A020106', name: '输入输出设备', nameEn: 'Input/output devices' },
  {
    code: 'A02010601',
    name: '打印设备',
    nameEn: 'Printers',
    green: 'priority',
    framework: true,
    referenceYuan: 1_800,
    capYuan: 2_000,
    minYears: 6,
    specs: printerSpecs,
  },
  {
    code: 'A02010604',
    name: '显示设备',
    nameEn: 'Monitors',
    green: 'mandatory',
    framework: true,
    referenceYuan: 1_200,
    capYuan: 1_500,
    minYears: 6,
  },
  {
    code: 'A02010609',
    name: '扫描仪',
    nameEn: 'Scanners',
    green: 'priority',
    framework: true,
    referenceYuan: 2_500,
    capYuan: 3_000,
    minYears: 6,
  },
  { code: 'A0202', name: '办公设备', nameEn: 'Office equipment' },
  {
    code: 'A020201',
    name: '复印机',
    nameEn: 'Copiers',
    green: 'priority',
    framework: true,
    referenceYuan: 18_000,
    capYuan: 30_000,
    minYears: 6,
  },
  {
    code: 'A020202',
    name: '投影仪',
    nameEn: 'Projectors',
    green: 'priority',
    framework: true,
    referenceYuan: 6_000,
    capYuan: 10_000,
    minYears: 6,
  },
  {
    code: 'A020204',
    name: '多功能一体机',
    nameEn: 'Multifunction printers',
    green: 'priority',
    framework: true,
    referenceYuan: 6_500,
    capYuan: 8_000,
    minYears: 6,
  },
  { code: 'A020206', name: '碎纸机', nameEn: 'Shredders', green: 'none', framework: true, referenceYuan: 900, capYuan: 1_500, minYears: 6 },
  { code: 'A0203', name: '车辆', nameEn: 'Vehicles' },
  {
    code: 'A02030501',
    name: '轿车',
    nameEn: 'Sedans',
    green: 'none',
    framework: true,
    referenceYuan: 180_000,
    capYuan: 180_000,
    minYears: 8,
  },
  {
    code: 'A02030502',
    name: '新能源轿车',
    nameEn: 'New-energy sedans',
    green: 'none',
    framework: true,
    referenceYuan: 180_000,
    capYuan: 180_000,
    minYears: 8,
  },
  { code: 'A0206', name: '电气设备', nameEn: 'Electrical equipment' },
  {
    code: 'A02061804',
    name: '空调机',
    nameEn: 'Air conditioners',
    green: 'mandatory',
    framework: true,
    referenceYuan: 4_200,
    capYuan: 6_000,
    minYears: 8,
  },
  { code: 'A02061906', name: '照明设备', nameEn: 'Lighting', green: 'mandatory', framework: false, referenceYuan: 150 },
  { code: 'A05', name: '家具和用具', nameEn: 'Furniture and fixtures' },
  { code: 'A0501', name: '家具', nameEn: 'Furniture' },
  { code: 'A050101', name: '床类', nameEn: 'Beds', green: 'priority', framework: true, referenceYuan: 1_500, capYuan: 2_000, minYears: 15 },
  {
    code: 'A050102',
    name: '台、桌类',
    nameEn: 'Desks and tables',
    green: 'priority',
    framework: true,
    referenceYuan: 2_500,
    capYuan: 4_500,
    minYears: 15,
  },
  {
    code: 'A050103',
    name: '椅凳类',
    nameEn: 'Chairs and stools',
    green: 'priority',
    framework: true,
    referenceYuan: 800,
    capYuan: 1_500,
    minYears: 15,
  },
  {
    code: 'A050104',
    name: '沙发类',
    nameEn: 'Sofas',
    green: 'priority',
    framework: true,
    referenceYuan: 3_000,
    capYuan: 5_000,
    minYears: 15,
  },
  {
    code: 'A050105',
    name: '柜类',
    nameEn: 'Cabinets',
    green: 'priority',
    framework: true,
    referenceYuan: 1_800,
    capYuan: 3_000,
    minYears: 15,
  },
  { code: 'A08', name: '无形资产', nameEn: 'Intangible assets' },
  { code: 'A0806', name: '软件', nameEn: 'Software' },
  { code: 'A080601', name: '基础软件', nameEn: 'System software', green: 'none', framework: true, referenceYuan: 1_200 },
  { code: 'A080602', name: '支撑软件', nameEn: 'Support software', green: 'none', framework: true, referenceYuan: 3_000 },
  { code: 'B', name: '工程', nameEn: 'Works' },
  { code: 'B06', name: '装修工程', nameEn: 'Fit-out works' },
  { code: 'B08', name: '修缮工程', nameEn: 'Repair works' },
  { code: 'C', name: '服务', nameEn: 'Services' },
  { code: 'C16', name: '信息技术服务', nameEn: 'IT services' },
  { code: 'C1601', name: '软件开发服务', nameEn: 'Software development' },
  { code: 'C1605', name: '运行维护服务', nameEn: 'IT operations and maintenance' },
  { code: 'C21', name: '物业管理服务', nameEn: 'Property management' },
  { code: 'C23', name: '印刷和出版服务', nameEn: 'Printing and publishing' },
  { code: 'C1204', name: '车辆维修和保养服务', nameEn: 'Vehicle maintenance' },
];

const parentOf = (code: string, known: Set<string>): string | null => {
  for (let len = code.length - 1; len >= 1; len--) {
    const candidate = code.slice(0, len);
    if (known.has(candidate)) return candidate;
  }
  return null;
};

export function categoryRows() {
  const known = new Set(categorySeeds.map((c) => c.code));
  return categorySeeds.map((c, i) => {
    const parentCode = parentOf(c.code, known);
    let level = 1;
    for (let p = parentCode; p; p = parentOf(p, known)) level += 1;
    return {
      code: c.code,
      parentCode,
      name: c.name,
      nameEn: c.nameEn,
      level,
      greenPolicy: c.green ?? 'none',
      requiresFramework: c.framework ?? false,
      referencePriceFen: c.referenceYuan === undefined ? null : c.referenceYuan * 100,
      allocationCapFen: c.capYuan === undefined ? null : c.capYuan * 100,
      allocationMinYears: c.minYears ?? null,
      specSchema: c.specs ?? [],
      sortOrder: i,
    };
  });
}

/**
 * Policy values with their basis. Amounts in fen, rates as exact decimal strings. Values DOMAIN.md marks
 * *verify* say so in their basis, so an administrator can see what still needs checking against the text.
 */
export const policyRows: { key: string; value: unknown; effectiveFrom: string; effectiveTo?: string; basis: string }[] = [
  {
    key: 'ordering.directOrderLimitFen',
    value: 5_000_000,
    effectiveFrom: '2020-01-01',
    basis: '电子卖场直购限额 ¥50,000（各地规定不同）',
  },
  {
    key: 'ordering.decentralizedLimitFen',
    value: 100_000_000,
    effectiveFrom: '2020-01-01',
    basis: '中央预算单位分散采购限额 ¥1,000,000 (货物、服务)',
  },
  { key: 'ordering.confirmWithinWorkdays', value: 1, effectiveFrom: '2020-01-01', basis: '供应商 1 个工作日内确认订单' },
  { key: 'ordering.splitWindowDays', value: 30, effectiveFrom: '2020-01-01', basis: '拆分采购监测窗口 30 日' },
  {
    key: 'catalogue.priceFlagRatio',
    value: '0.20',
    effectiveFrom: '2020-01-01',
    basis: '电子卖场价格监测：高于品目参考价 20% 的报价转人工复核 (平台规则, 可配置)',
  },
  { key: 'quotation.minDeadlineDays', value: 3, effectiveFrom: '2020-01-01', basis: '网上竞价报价期不少于 3 日' },
  { key: 'quotation.minQuotes', value: 3, effectiveFrom: '2020-01-01', basis: '网上竞价有效报价不少于 3 家' },
  {
    key: 'sme.deduction.goodsServices',
    value: { min: '0.06', max: '0.10' },
    effectiveFrom: '2020-10-01',
    effectiveTo: '2022-06-30',
    basis: '财库〔2020〕46号 第九条',
  },
  {
    key: 'sme.deduction.goodsServices',
    value: smePolicy.deduction.goodsServices,
    effectiveFrom: '2022-07-01',
    basis: '财库〔2022〕19号',
  },
  { key: 'sme.deduction.works', value: smePolicy.deduction.works, effectiveFrom: '2022-07-01', basis: '财库〔2022〕19号' },
  {
    key: 'sme.deduction.consortium',
    value: smePolicy.consortiumDeduction,
    effectiveFrom: '2022-07-01',
    basis: '财库〔2022〕19号 联合体/分包小微份额≥30%',
  },
  {
    key: 'sme.reserveWholeLimitFen.goodsServices',
    value: smePolicy.reserveWholeLimitFen.goodsServices,
    effectiveFrom: '2020-10-01',
    basis: '财库〔2020〕46号 第八条: ¥2,000,000 以下适宜项目专门面向中小企业',
  },
  {
    key: 'sme.reserveWholeLimitFen.works',
    value: smePolicy.reserveWholeLimitFen.works,
    effectiveFrom: '2020-10-01',
    basis: '财库〔2020〕46号 第八条: ¥4,000,000 以下工程',
  },
  {
    key: 'sme.reserveShareMin',
    value: smePolicy.reserveShareMin,
    effectiveFrom: '2020-10-01',
    basis: '财库〔2020〕46号: 预留份额不低于 30%',
  },
  {
    key: 'sme.reserveSmallMicroShareMin',
    value: smePolicy.reserveSmallMicroShareMin,
    effectiveFrom: '2020-10-01',
    basis: '财库〔2020〕46号: 其中小微企业不低于 60%',
  },
  {
    key: 'intention.minDaysBeforeStart',
    value: 30,
    effectiveFrom: '2021-01-01',
    basis: '财库〔2020〕10号: 采购意向公开时间原则上不得晚于采购活动开始前 30 日',
  },
  { key: 'tender.openMinDays', value: 20, effectiveFrom: '2017-10-01', basis: '财政部令第87号: 公开招标等标期不少于 20 日' },
  { key: 'tender.documentsMinWorkdays', value: 5, effectiveFrom: '2017-10-01', basis: '财政部令第87号: 招标文件提供期限不少于 5 个工作日' },
  { key: 'tender.clarificationMinDays', value: 15, effectiveFrom: '2017-10-01', basis: '财政部令第87号: 澄清或修改在截止 15 日前' },
  {
    key: 'tender.bidBondMaxRatio',
    value: bidBondMaxRatio,
    effectiveFrom: '2017-10-01',
    basis: '政府采购法实施条例: 投标保证金不超过预算 2%',
  },
  {
    key: 'tender.committeeLargeBudgetFen',
    value: 1_000_000_000,
    effectiveFrom: '2017-10-01',
    basis: '预算 ¥10,000,000 以上评标委员会不少于 7 人',
  },
  { key: 'tender.challengeWorkdays', value: 7, effectiveFrom: '2018-03-01', basis: '政府采购质疑和投诉办法 (财政部令第94号)' },
  {
    key: 'tender.awardConfirmWorkdays',
    value: 5,
    effectiveFrom: '2017-10-01',
    basis: '财政部令第87号 第六十八条: 收到评标报告后 5 个工作日内确定中标人',
  },
  {
    key: 'tender.awardNoticeWorkdays',
    value: 2,
    effectiveFrom: '2017-10-01',
    basis: '财政部令第87号 第六十九条: 确定中标人后 2 个工作日内公告',
  },
  {
    key: 'tender.contractSignDays',
    value: 30,
    effectiveFrom: '2003-01-01',
    basis: '政府采购法 第四十六条: 中标通知书发出之日起 30 日内签订合同',
  },
  {
    key: 'tender.contractPublishWorkdays',
    value: 2,
    effectiveFrom: '2015-03-01',
    basis: '政府采购法实施条例 第五十条: 合同签订之日起 2 个工作日内公告',
  },
  {
    key: 'tender.complaintFilingWorkdays',
    value: 15,
    effectiveFrom: '2003-01-01',
    basis: '政府采购法 第五十五条: 答复期满后 15 个工作日内投诉',
  },
  {
    key: 'tender.complaintAcceptWorkdays',
    value: 5,
    effectiveFrom: '2018-03-01',
    basis: '财政部令第94号 第二十一条: 收到投诉书后 5 个工作日内审查',
  },
  {
    key: 'tender.complaintHandlingWorkdays',
    value: 30,
    effectiveFrom: '2003-01-01',
    basis: '政府采购法 第五十六条: 收到投诉后 30 个工作日内作出处理决定',
  },
  { key: 'tender.scoreOutlierRatio', value: '0.30', effectiveFrom: '2017-10-01', basis: '评分偏离均值 30% 提示' },
  { key: 'auction.antiSnipingMinutes', value: 5, effectiveFrom: '2020-01-01', basis: '最后 5 分钟出价顺延 5 分钟 (可按标的配置)' },
  { key: 'auction.relistMaxDiscount', value: '0.20', effectiveFrom: '2020-01-01', basis: '流拍后再次挂牌降价不超过 20%' },
  {
    key: 'auction.payWithinWorkdays',
    value: 5,
    effectiveFrom: '2020-01-01',
    basis: '竞得人 5 个工作日内付清价款，逾期保证金不予退还 (平台规则, 可配置)',
  },
  {
    key: 'auction.maxRounds',
    value: 3,
    effectiveFrom: '2020-01-01',
    basis: '流拍后最多挂牌 3 轮，仍未成交的转报废或其他处置',
  },
  {
    key: 'allocation.earlyReplacement',
    value: 'refuse',
    effectiveFrom: '2016-01-01',
    basis: '财资〔2016〕27号: 未达最低使用年限的原则上不得更新 (平台规则: refuse 拒绝结算; approval 转审批)',
  },
  { key: 'assets.reallocationWindowDays', value: 15, effectiveFrom: '2021-01-01', basis: '公物仓调剂公示期 15 日' },
  {
    key: 'green.newEnergyVehicleShareMin',
    value: '0.30',
    effectiveFrom: '2021-01-01',
    basis: '“十四五”机关事务工作规划 第四章第五节: 新能源汽车比例不低于 30%',
  },
  {
    key: 'credit.severityPoints',
    value: { positive: 1, minor: -2, general: -5, serious: -15, major: -30 },
    effectiveFrom: '2020-01-01',
    basis: '平台信用评价办法：按严重程度扣分 (平台规则, 可配置)',
  },
  {
    key: 'credit.halfLifeDays',
    value: 365,
    effectiveFrom: '2020-01-01',
    basis: '平台信用评价办法：记录影响每满一年减半 (平台规则, 可配置)',
  },
  {
    key: 'credit.appealWindowDays',
    value: 15,
    effectiveFrom: '2020-01-01',
    basis: '平台信用评价办法：确认后 15 日内可申诉 (平台规则, 可配置)',
  },
  {
    key: 'risk.medianRatio',
    value: '2.00',
    effectiveFrom: '2020-01-01',
    basis: '价格监测：挂牌价高于同品目在架中位数 2 倍提示 (平台规则, 可配置)',
  },
  {
    key: 'risk.nearIdenticalRatio',
    value: '0.002',
    effectiveFrom: '2020-01-01',
    basis: '围标串标监测：同一包报价相差不超过 0.2% 视为高度雷同 (平台规则, 可配置)',
  },
  {
    key: 'risk.rotationMinProcesses',
    value: 3,
    effectiveFrom: '2020-01-01',
    basis: '围标串标监测：同一组投标人 3 个以上项目轮流中标 (平台规则, 可配置)',
  },
  {
    key: 'risk.lateOrdersMin',
    value: 3,
    effectiveFrom: '2020-01-01',
    basis: '履约监测：90 日内 3 笔以上逾期确认或逾期送货 (平台规则, 可配置)',
  },
  { key: 'risk.lateWindowDays', value: 90, effectiveFrom: '2020-01-01', basis: '履约监测窗口 90 日 (平台规则, 可配置)' },
  {
    key: 'credit.lookbackYears',
    value: 3,
    effectiveFrom: '2003-01-01',
    basis: '政府采购法 第二十二条: 参加采购活动前三年内无重大违法记录',
  },
];

/**
 * 2026 public holidays and make-up workdays (国务院办公厅 notice). Entered by hand: *verify* against the
 * published notice; administrators keep this calendar.
 */
const holidays2026: [string, string][] = [
  ['2026-01-01', '元旦'],
  ['2026-01-02', '元旦'],
  ['2026-01-03', '元旦'],
  ['2026-02-15', '春节'],
  ['2026-02-16', '春节'],
  ['2026-02-17', '春节'],
  ['2026-02-18', '春节'],
  ['2026-02-19', '春节'],
  ['2026-02-20', '春节'],
  ['2026-02-21', '春节'],
  ['2026-02-22', '春节'],
  ['2026-02-23', '春节'],
  ['2026-04-04', '清明节'],
  ['2026-04-05', '清明节'],
  ['2026-04-06', '清明节'],
  ['2026-05-01', '劳动节'],
  ['2026-05-02', '劳动节'],
  ['2026-05-03', '劳动节'],
  ['2026-05-04', '劳动节'],
  ['2026-05-05', '劳动节'],
  ['2026-06-19', '端午节'],
  ['2026-06-20', '端午节'],
  ['2026-06-21', '端午节'],
  ['2026-09-25', '中秋节'],
  ['2026-09-26', '中秋节'],
  ['2026-09-27', '中秋节'],
  ['2026-10-01', '国庆节'],
  ['2026-10-02', '国庆节'],
  ['2026-10-03', '国庆节'],
  ['2026-10-04', '国庆节'],
  ['2026-10-05', '国庆节'],
  ['2026-10-06', '国庆节'],
  ['2026-10-07', '国庆节'],
];
const makeupWorkdays2026: [string, string][] = [
  ['2026-01-04', '元旦调休上班'],
  ['2026-02-14', '春节调休上班'],
  ['2026-02-28', '春节调休上班'],
  ['2026-05-09', '劳动节调休上班'],
  ['2026-09-20', '国庆节调休上班'],
  ['2026-10-10', '国庆节调休上班'],
];

/** Reference data every installation needs, demo or not. Idempotent: existing rows are left as they are. */
export { procurementMethodRows } from '../../../contracts/procurement-methods.ts';

export async function applyReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(regions)
      .values([...regionRows])
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`,
          parentCode: sql`excluded.parent_code`,
          level: sql`excluded.level`,
          validTo: sql`excluded.valid_to`,
          successorCode: sql`excluded.successor_code`,
        },
      });
    await tx.insert(categories).values(categoryRows()).onConflictDoNothing();
    await tx
      .insert(policyValues)
      .values(
        policyRows.map((p) => ({
          key: p.key,
          regionCode: '',
          value: sql`${JSON.stringify(p.value)}::jsonb`,
          effectiveFrom: p.effectiveFrom,
          effectiveTo: p.effectiveTo ?? null,
          basis: p.basis,
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(calendarDays)
      .values([
        ...holidays2026.map(([day, name]) => ({ day, name, isWorkday: false })),
        ...makeupWorkdays2026.map(([day, name]) => ({ day, name, isWorkday: true })),
      ])
      .onConflictDoNothing();
    await tx
      .insert(procurementMethods)
      .values([...procurementMethodRows])
      .onConflictDoNothing();
  });
}
