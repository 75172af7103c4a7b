import type { Db } from '../../db/client.ts';
import type { Role } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { createPolicyValuesService } from '../reference/policy-values.service.ts';
import { actingAs, DEMO_PASSWORD, type DemoServices } from './demo-setup.ts';

/**
 * The levels of government beside 北京 (#19): the central level (财政部 and its center), 上海 with a district,
 * a city (南京) and 北京's districts, each with its finance department and, where it runs tenders, a
 * procurement center; units in 上海 and 南京 with budget lines from their own finance bureau; and 上海's
 * own direct-purchase limit, set by 上海市财政局 through the policy values service, so a ¥60,000 cart is
 * judged differently in 上海 and 北京.
 */
const overseers: { name: string; kind: 'regulator' | 'procurement_center'; region: string; username: string; displayName: string }[] = [
  { name: '中华人民共和国财政部', kind: 'regulator', region: '000000', username: 'mof', displayName: '国库司 赵宁' },
  {
    name: '中央国家机关政府采购中心',
    kind: 'procurement_center',
    region: '000000',
    username: 'center-central',
    displayName: '中央采购中心 钱程',
  },
  { name: '上海市财政局', kind: 'regulator', region: '310000', username: 'regulator-sh', displayName: '政府采购监管处 孙沪' },
  { name: '上海市政府采购中心', kind: 'procurement_center', region: '310000', username: 'center-sh', displayName: '上海采购中心 陈浦' },
  { name: '上海市徐汇区财政局', kind: 'regulator', region: '310104', username: 'regulator-xh', displayName: '徐汇区财政局 周汇' },
  { name: '北京市海淀区财政局', kind: 'regulator', region: '110108', username: 'regulator-hd', displayName: '海淀区财政局 吴淀' },
  {
    name: '北京市海淀区政府采购中心',
    kind: 'procurement_center',
    region: '110108',
    username: 'center-hd',
    displayName: '海淀区采购中心 郑海',
  },
  { name: '北京市朝阳区财政局', kind: 'regulator', region: '110105', username: 'regulator-cy', displayName: '朝阳区财政局 冯阳' },
  { name: '江苏省南京市财政局', kind: 'regulator', region: '320100', username: 'regulator-nj', displayName: '南京市财政局 褚宁' },
  { name: '南京市政府采购中心', kind: 'procurement_center', region: '320100', username: 'center-nj', displayName: '南京采购中心 卫金' },
];

const units: { name: string; region: string; finance: string; clerk: string; approver: string }[] = [
  { name: '上海市徐汇区教育局', region: '310104', finance: 'regulator-xh', clerk: 'purchaser-sh', approver: 'approver-sh' },
  { name: '上海市浦东新区卫生健康委员会', region: '310115', finance: 'regulator-sh', clerk: 'unit-pd', approver: 'unit-pda' },
  { name: '南京市玄武区教育局', region: '320102', finance: 'regulator-nj', clerk: 'purchaser-nj', approver: 'approver-nj' },
];

/** 上海's direct-purchase limit: ¥100,000 from the demo's first day (a demonstration document, not a real one). */
export const SHANGHAI_DIRECT_LIMIT = {
  key: 'ordering.directOrderLimitFen',
  value: 10_000_000,
  basis: '上海市财政局《关于调整本市政府采购电子卖场直购限额的通知》（演示文件）：直购限额 ¥100,000',
} as const;

export const overseerLogins = overseers.map((o) => ({
  username: o.username,
  role: (o.kind === 'regulator' ? 'regulator' : 'center_staff') as Role,
  label: o.name,
}));

export async function loadJurisdictions(db: Db, services: DemoServices, admin: AuthContext) {
  const org = (body: Parameters<DemoServices['organizations']['createOrganization']>[1]) =>
    services.organizations.createOrganization(admin, body).then((o) => o.id);
  const user = (organizationId: string, username: string, displayName: string, roles: Role[]) =>
    services.organizations.createUser(admin, { organizationId, username, displayName, roles, password: DEMO_PASSWORD });
  for (const o of overseers) {
    const id = await org({ kind: o.kind, name: o.name, regionCode: o.region, address: `${o.name}办公区` });
    await user(id, o.username, o.displayName, [o.kind === 'regulator' ? 'regulator' : 'center_staff']);
  }
  for (const u of units) {
    const { id } = await services.organizations.createOrganization(admin, {
      kind: 'purchasing_unit',
      name: u.name,
      regionCode: u.region,
      adminLevel: 'county',
      unitType: '机关',
      approvalThresholdFen: 5_000_000,
      address: `${u.name}办公区`,
    });
    await user(id, u.clerk, `${u.name}经办人`, ['purchaser']);
    await user(id, u.approver, `${u.name}审批人`, ['approver']);
    await services.organizations.createBudgetLine(await actingAs(db, u.finance), id, {
      code: '2026-BG-01',
      name: '2026年办公设备购置',
      fiscalYear: 2026,
      fundSource: '一般公共预算',
      amountFen: 80_000_000,
    });
  }
  const today = shanghaiDate(await dbNow(db));
  await createPolicyValuesService({ db }).set(await actingAs(db, 'regulator-sh'), { ...SHANGHAI_DIRECT_LIMIT, effectiveFrom: today });
}
