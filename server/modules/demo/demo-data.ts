import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, users, type Role, type SizeClass } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { bootstrapPlatform } from '../organizations/organizations.bootstrap.ts';
import { makeUscc } from '../organizations/organizations.rules.ts';
import { loadDemoCatalogue } from './demo-catalogue.ts';
import { loadJurisdictions } from './demo-jurisdictions.ts';
import { actingAs, anyAdmin, DEMO_PASSWORD, demoServices, type DemoServices } from './demo-setup.ts';

export { DEMO_PASSWORD } from './demo-setup.ts';

/** The logins printed at start and listed in the README: one per role. */
export const demoLogins: { username: string; role: Role; label: string }[] = [
  { username: 'purchaser', role: 'purchaser', label: '采购人经办人 · 北京市海淀区教育委员会' },
  { username: 'approver', role: 'approver', label: '采购人审批人 · 北京市海淀区教育委员会' },
  { username: 'supplier', role: 'supplier', label: '供应商 · 北京华信创新科技有限公司' },
  { username: 'center', role: 'center_staff', label: '集中采购机构 · 北京市政府采购中心' },
  { username: 'expert', role: 'expert', label: '评审专家 · 王建国 (高级工程师)' },
  { username: 'regulator', role: 'regulator', label: '财政监管 · 北京市财政局' },
  { username: 'admin', role: 'admin', label: '平台管理员 · 集采平台运营中心' },
];

const purchasingUnits: {
  name: string;
  region: string;
  level: 'central' | 'provincial' | 'municipal' | 'county';
  type: '机关' | '事业单位' | '团体组织';
  thresholdYuan: number;
}[] = [
  { name: '北京市海淀区教育委员会', region: '110108', level: 'county', type: '机关', thresholdYuan: 50_000 },
  { name: '北京市海淀区卫生健康委员会', region: '110108', level: 'county', type: '机关', thresholdYuan: 50_000 },
  { name: '北京市朝阳区城市管理委员会', region: '110105', level: 'county', type: '机关', thresholdYuan: 50_000 },
  { name: '北京市西城区人民法院', region: '110102', level: 'county', type: '机关', thresholdYuan: 30_000 },
  { name: '北京市东城区图书馆', region: '110101', level: 'county', type: '事业单位', thresholdYuan: 20_000 },
  { name: '北京市海淀区第一实验小学', region: '110108', level: 'county', type: '事业单位', thresholdYuan: 20_000 },
  { name: '北京市公安局丰台分局', region: '110106', level: 'county', type: '机关', thresholdYuan: 100_000 },
  { name: '北京市昌平区水务局', region: '110114', level: 'county', type: '机关', thresholdYuan: 50_000 },
  { name: '北京市规划和自然资源委员会', region: '110000', level: 'provincial', type: '机关', thresholdYuan: 100_000 },
  { name: '北京市疾病预防控制中心', region: '110000', level: 'provincial', type: '事业单位', thresholdYuan: 100_000 },
  { name: '北京市科学技术协会', region: '110000', level: 'provincial', type: '团体组织', thresholdYuan: 50_000 },
  { name: '国家统计局北京调查总队', region: '000000', level: 'central', type: '机关', thresholdYuan: 100_000 },
];

const suppliers: {
  name: string;
  region: string;
  size: SizeClass;
  industry: string;
  legalRep: string;
  treatment?: 'prison_enterprise' | 'disability_welfare';
}[] = [
  { name: '北京华信创新科技有限公司', region: '110108', size: 'medium', industry: '批发业', legalRep: '陈立新' },
  { name: '北京中科博远信息技术有限公司', region: '110108', size: 'small', industry: '软件和信息技术服务业', legalRep: '刘博远' },
  { name: '北京京联办公设备有限公司', region: '110105', size: 'small', industry: '批发业', legalRep: '张京联' },
  { name: '北京启明星数码科技有限公司', region: '110108', size: 'micro', industry: '零售业', legalRep: '孙启明' },
  { name: '北京燕园家具制造有限公司', region: '110114', size: 'medium', industry: '工业', legalRep: '李燕' },
  { name: '北京长城计算机系统集成有限公司', region: '110105', size: 'large', industry: '软件和信息技术服务业', legalRep: '周长城' },
  { name: '华东智能终端股份有限公司', region: '310104', size: 'large', industry: '工业', legalRep: '钱华东' },
  { name: '南京同创办公家具有限公司', region: '320100', size: 'medium', industry: '工业', legalRep: '吴同创' },
  { name: '杭州绿源节能科技有限公司', region: '330100', size: 'small', industry: '工业', legalRep: '郑绿源' },
  { name: '广州粤信电子设备有限公司', region: '440100', size: 'medium', industry: '批发业', legalRep: '黄粤信' },
  { name: '深圳鹏城显示技术股份有限公司', region: '440300', size: 'large', industry: '工业', legalRep: '林鹏' },
  { name: '北京通达物业管理有限公司', region: '110106', size: 'medium', industry: '物业管理', legalRep: '王通达' },
  { name: '北京金桥印务有限公司', region: '110101', size: 'small', industry: '工业', legalRep: '赵金桥' },
  { name: '北京新程汽车销售服务有限公司', region: '110114', size: 'large', industry: '零售业', legalRep: '冯新程' },
  { name: '北京恒信运维技术服务有限公司', region: '110102', size: 'micro', industry: '软件和信息技术服务业', legalRep: '何恒信' },
  { name: '北京明德文具商行有限公司', region: '110102', size: 'micro', industry: '零售业', legalRep: '马明德' },
  { name: '北京清风空调工程有限公司', region: '110106', size: 'small', industry: '建筑业', legalRep: '罗清风' },
  { name: '北京安泰装饰工程有限公司', region: '110105', size: 'small', industry: '建筑业', legalRep: '高安泰' },
  { name: '江苏金陵照明科技有限公司', region: '320100', size: 'medium', industry: '工业', legalRep: '宋金陵' },
  { name: '北京晨光数据服务有限公司', region: '110108', size: 'micro', industry: '软件和信息技术服务业', legalRep: '唐晨光' },
  { name: '北京市育新福利印刷厂', region: '110106', size: 'small', industry: '工业', legalRep: '许育新', treatment: 'disability_welfare' },
  {
    name: '北京市清河监狱企业京清服装厂',
    region: '110108',
    size: 'medium',
    industry: '工业',
    legalRep: '韩京清',
    treatment: 'prison_enterprise',
  },
];

const expertSeeds: [string, string, string, string[]][] = [
  ['王建国', '高级工程师', '北京信息科技大学', ['A020101', 'A02010104', 'A02010105']],
  ['李秀英', '教授', '北京理工大学计算机学院', ['A0201', 'C16']],
  ['张伟', '正高级工程师', '中国电子技术标准化研究院', ['A020101', 'A020106']],
  ['刘洋', '高级会计师', '北京市审计学会', ['C21', 'C23']],
  ['陈静', '副教授', '中央财经大学政府采购研究所', ['A02', 'C']],
  ['杨帆', '高级工程师', '北京市建筑设计研究院', ['B06', 'B08']],
  ['赵磊', '高级经济师', '北京市招标投标协会', ['A02', 'A05']],
  ['黄丽', '教授', '北京林业大学材料科学与技术学院', ['A0501', 'A050102', 'A050103']],
  ['周强', '高级工程师', '北京市计量检测科学研究院', ['A0206', 'A02061804']],
  ['吴敏', '正高级会计师', '北京市注册会计师协会', ['C16', 'C21']],
  ['徐军', '高级工程师', '中国汽车技术研究中心', ['A0203', 'A02030501', 'A02030502']],
  ['孙芳', '副研究员', '中国科学院软件研究所', ['A0806', 'C1601']],
  ['胡斌', '高级工程师', '北京邮电大学网络技术研究院', ['A0201', 'C1605']],
  ['朱红', '律师', '北京市律师协会政府采购专业委员会', ['A', 'B', 'C']],
  ['高峰', '高级工程师', '国家节能中心', ['A02061804', 'A02061906']],
  ['林涛', '教授级高工', '北京市建设工程质量第一检测所', ['B06', 'B08']],
  ['何平', '高级工程师', '北京华信创新科技有限公司', ['A020101']],
  ['郭娜', '副教授', '首都经济贸易大学', ['C21', 'C23', 'C1204']],
  ['马超', '高级工程师', '北京市信息资源管理中心', ['A0201', 'A0806']],
  ['罗静', '高级经济师', '北京市公物仓管理中心', ['A02', 'A05']],
  ['梁宇', '高级工程师', '北京交通大学', ['A0203', 'C1204']],
  ['宋佳', '副教授', '北京工商大学', ['A0501', 'A050105']],
  ['郑浩', '高级工程师', '中国电子信息产业发展研究院', ['A020101', 'A02010103']],
  ['谢婷', '高级会计师', '北京市财政科学研究所', ['C', 'A08']],
  ['韩冰', '高级工程师', '北京市环境保护科学研究院', ['A02061906', 'A0206']],
  ['唐亮', '教授', '清华大学建筑学院', ['B06']],
  ['冯雪', '高级工程师', '北京市印刷技术研究所', ['C23', 'A020201']],
  ['于洋', '高级工程师', '北京市政务服务管理局信息中心', ['A020106', 'A02010601', 'A020204']],
  ['董明', '副研究员', '国家信息中心', ['C16', 'C1605']],
  ['萧然', '高级工程师', '北京工业大学', ['A020202', 'A020201']],
  ['程远', '高级工程师', '北京市机动车检测中心', ['A0203']],
  ['曹颖', '高级经济师', '北京产权交易所', ['A05', 'A02']],
];

const budgetTemplates: { code: string; name: string; fund: string; yuan: number }[] = [
  { code: '2026-BG-01', name: '2026年办公设备购置', fund: '一般公共预算', yuan: 800_000 },
  { code: '2026-XX-01', name: '2026年信息化建设专项', fund: '一般公共预算', yuan: 2_500_000 },
  { code: '2026-JJ-01', name: '2026年办公家具购置', fund: '一般公共预算', yuan: 300_000 },
  { code: '2026-WY-01', name: '2026年物业管理服务', fund: '财政专户管理资金', yuan: 1_200_000 },
];

/**
 * The demo's people for an empty database, made as the product makes them (#15): the platform's first admin
 * (bootstrapPlatform, as `npm run admin:create` does), who registers the regulator, the center, the purchasing
 * units and the suppliers with their users; the finance bureau issues the units' budget lines; center staff
 * enrol the experts and give each a login; then the catalogue (demo-catalogue.ts). `into: 'any'` loads it
 * beside other rows unless the demo admin exists (browser tests).
 */
export async function loadDemoData(db: Db, opts: { into: 'empty' | 'any' } = { into: 'empty' }): Promise<boolean> {
  const [existing] =
    opts.into === 'empty'
      ? await db.select({ n: count() }).from(organizations)
      : await db.select({ n: count() }).from(users).where(eq(users.username, 'admin'));
  if ((existing?.n ?? 0) > 0) return false;
  const services = demoServices(db);
  const admin = await demoAdmin(db, services);
  const org = (body: Parameters<DemoServices['organizations']['createOrganization']>[1]) =>
    services.organizations.createOrganization(admin, body).then((o) => o.id);
  const user = (organizationId: string, username: string, displayName: string, roles: Role[]) =>
    services.organizations.createUser(admin, { organizationId, username, displayName, roles, password: DEMO_PASSWORD });

  const regulator = await org({ kind: 'regulator', name: '北京市财政局', regionCode: '110000', address: '北京市通州区承安路3号' });
  await user(regulator, 'regulator', '监管处 周敏', ['regulator']);
  const center = await org({
    kind: 'procurement_center',
    name: '北京市政府采购中心',
    regionCode: '110000',
    address: '北京市西城区槐柏树街',
  });
  await user(center, 'center', '采购中心 李文', ['center_staff']);
  await loadJurisdictions(db, services, admin);
  await loadUnits(db, services, admin);
  for (const [i, s] of suppliers.entries()) {
    const orgId = await org({
      kind: 'supplier',
      name: s.name,
      uscc: makeUscc(s.region, 52_003_000 + i * 1_379),
      regionCode: s.region,
      sizeClass: s.size,
      industry: s.industry,
      ...(s.treatment ? { smeTreatment: s.treatment } : {}),
      legalRepresentative: s.legalRep,
      address: `${s.name.slice(0, 2)}市某区某路${10 + i}号`,
    });
    await user(orgId, supplierUsername(i), s.legalRep, ['supplier']);
  }
  await loadExperts(services, await actingAs(db, 'center'));
  await loadDemoCatalogue(db, services);
  return true;
}

export const supplierUsername = (i: number) => (i === 0 ? 'supplier' : `supplier${String(i + 1).padStart(2, '0')}`);

/** The demo's admin: the platform's first, or, beside another installation's admin (browser tests), made by that admin. */
async function demoAdmin(db: Db, services: DemoServices): Promise<AuthContext> {
  const made = await bootstrapPlatform(db, { username: 'admin', displayName: '平台管理员', passwordHash: await services.published });
  if (!made) {
    const other = await anyAdmin(db);
    if (!other) throw new Error('demo setup: no admin to register the demo organizations');
    await services.organizations.createUser(other, {
      organizationId: other.orgId,
      username: 'admin',
      displayName: '平台管理员',
      roles: ['admin'],
      password: DEMO_PASSWORD,
    });
  }
  return actingAs(db, 'admin');
}

/**
 * The purchasing units, each with a clerk and an approver of its own (不相容岗位分离: who places an order
 * does not approve it) and the 2026 budget lines the finance bureau issues it.
 */
async function loadUnits(db: Db, services: DemoServices, admin: AuthContext) {
  const [finance, central] = [await actingAs(db, 'regulator'), await actingAs(db, 'mof')];
  for (const [i, unit] of purchasingUnits.entries()) {
    const { id } = await services.organizations.createOrganization(admin, {
      kind: 'purchasing_unit',
      name: unit.name,
      regionCode: unit.region,
      adminLevel: unit.level,
      unitType: unit.type,
      approvalThresholdFen: unit.thresholdYuan * 100,
      address: `${unit.name}办公区`,
    });
    const short = unit.name.replace(/^北京市/, '');
    const [clerk, approver] = unitLogins(i);
    const people: [string, string, Role][] = [
      [clerk, i === 0 ? '经办人 张晓明' : `${short}经办人`, 'purchaser'],
      [approver, i === 0 ? '审批人 刘主任' : `${short}审批人`, 'approver'],
    ];
    for (const [username, displayName, role] of people)
      await services.organizations.createUser(admin, { organizationId: id, username, displayName, roles: [role], password: DEMO_PASSWORD });
    const scale = 1 + (i % 4) * 0.5;
    for (const b of budgetTemplates) {
      // 下达预算指标 by the unit's own level: the central unit's by 财政部, 北京's by 北京市财政局.
      await services.organizations.createBudgetLine(unit.region === '000000' ? central : finance, id, {
        code: b.code,
        name: b.name,
        fiscalYear: 2026,
        fundSource: b.fund,
        amountFen: Math.round(b.yuan * scale) * 100,
      });
    }
  }
}

/** A unit's clerk and approver: `purchaser` and `approver` at 海淀区教委, `unitNN` and `unitNNa` at the others. */
export function unitLogins(i: number): [string, string] {
  if (i === 0) return ['purchaser', 'approver'];
  const clerk = `unit${String(i + 1).padStart(2, '0')}`;
  return [clerk, `${clerk}a`];
}

/** The center's expert pool: each expert enrolled, then given a login (expert, expert02 … expert32); one suspended. */
async function loadExperts(services: DemoServices, center: AuthContext) {
  for (const [i, [name, title, employer, specialties]] of expertSeeds.entries()) {
    const employerUscc = employer === suppliers[0]?.name ? makeUscc(suppliers[0].region, 52_003_000) : undefined;
    const expert = await services.experts.create(center, {
      name,
      title,
      employer,
      ...(employerUscc ? { employerUscc } : {}),
      specialties,
      regionCode: '110000',
    });
    await services.expertAccounts.grant(center, expert.id, { username: i === 0 ? 'expert' : `expert${String(i + 1).padStart(2, '0')}` });
    if (i === 30) await services.experts.setStatus(center, expert.id, 'suspended', '年度考核：评审记录不完整，暂停抽取待核');
  }
}
