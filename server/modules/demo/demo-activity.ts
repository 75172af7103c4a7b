import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assets, budgetLines, organizations, users, type Role } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import type { Services } from '../../services.ts';

/**
 * Work in progress for the demo, made through the services as users would make it: an open online
 * quotation with sealed quotes, a warehouse asset open for reallocation, and a live auction with bids.
 * Runs once, right after the demo data is loaded into an empty database.
 */
export async function loadDemoActivity(db: Db, services: Services) {
  const rows = await db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(inArray(users.username, ['purchaser', 'center', 'supplier', 'supplier02', 'supplier03', 'unit02']));
  const as = (username: string): AuthContext => {
    const r = rows.find((x) => x.user.username === username);
    if (!r) throw new Error(`demo user ${username} missing`);
    return {
      userId: r.user.id,
      username,
      displayName: r.user.displayName,
      roles: r.user.roles as Role[],
      locale: 'zh-CN',
      orgId: r.org.id,
      orgName: r.org.name,
      orgKind: r.org.kind,
      sessionIdHash: '',
      csrfToken: '',
    };
  };
  const purchaser = as('purchaser');
  const [line] = await db
    .select()
    .from(budgetLines)
    .where(eq(budgetLines.organizationId, purchaser.orgId))
    .orderBy(sql`${budgetLines.amountFen} desc`)
    .limit(1);
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  const quotation = await services.quotations.create(purchaser, {
    title: '海淀区教委信息机房 2027 年度运行维护服务',
    categoryCode: 'C1605',
    specs: {},
    requirements: '区教委信息机房及 12 所学校网络设备 7×24 小时运行维护：每月巡检、故障 2 小时内到场、季度安全评估报告。',
    quantity: 12,
    ceilingFen: 36_000_000,
    deliveryDays: 30,
    deliveryAddress: '北京市海淀区紫竹院路 98 号',
    contactName: '张晓明',
    contactPhone: '010-88491234',
    budgetLineId: line!.id,
    reservedForSme: false,
    smeDeductionRate: '0.10',
    deadline: inDays(3.1),
  });
  // 华信 is a medium enterprise and may not declare small/micro; 中科博远 is small and does.
  for (const [username, unitPriceFen, smeDeclared] of [
    ['supplier', 2_880_000, false],
    ['supplier02', 2_760_000, true],
  ] as const) {
    await services.quotations.submitQuote(as(username), quotation.id, {
      unitPriceFen,
      brand: '自有服务',
      model: '运维服务包',
      specs: {},
      deliveryDays: 15,
      smeDeclared,
      certificates: [],
    });
  }

  const offered = await services.assets.register(purchaser, {
    categoryCode: 'A050102',
    name: '实木会议桌（3.6 米）',
    description: '原区教委三层会议室使用，台面轻微划痕，结构完好。',
    quantity: 2,
    originalValueFen: 1_280_000,
    netValueFen: 320_000,
    acquiredOn: '2016-09-01',
    condition: 'good',
    location: '北京市海淀区紫竹院路 98 号 地下一层库房',
  });
  await services.assets.offer(purchaser, offered.id);

  const auctioned = await services.assets.register(purchaser, {
    categoryCode: 'A02030501',
    name: '别克 GL8 商务车（2015 款）',
    description: '京 A·2XXXX，行驶 21.6 万公里，年检有效期至 2027 年 3 月，车况一般，按现状拍卖。',
    quantity: 1,
    originalValueFen: 32_800_000,
    netValueFen: 3_200_000,
    acquiredOn: '2015-05-20',
    condition: 'fair',
    location: '北京市海淀区紫竹院路 98 号 院内停车场',
  });
  await services.assets.offer(purchaser, auctioned.id);
  // The demo skips the 15-day reallocation window: nobody asked for the car.
  await db
    .update(assets)
    .set({ offeredUntil: sql`jicai.now() - interval '1 minute'` })
    .where(eq(assets.id, auctioned.id));
  const lot = await services.auctions.createLot(as('center'), {
    assetId: auctioned.id,
    title: '别克 GL8 商务车 1 辆（海淀区教委公务用车处置）',
    description: '公务用车制度改革后停驶车辆，手续齐全，过户费用由买受人承担。',
    viewingInfo: '工作日 9:30–16:30 于车辆存放地点看样，联系人 张晓明 010-88491234',
    appraisalFen: 3_500_000,
    startPriceFen: 2_800_000,
    reservePriceFen: 3_200_000,
    incrementFen: 50_000,
    depositFen: 500_000,
    startsAt: inDays(-0.5),
    endsAt: inDays(2),
  });
  let price = lot.startPriceFen;
  for (const username of ['supplier02', 'supplier03', 'supplier02']) {
    await services.auctions.register(as(username), lot.id, `DEMO-${username}-20261130`).catch(() => undefined);
    await services.auctions.bid(as(username), lot.id, price);
    price += lot.incrementFen;
  }
}
