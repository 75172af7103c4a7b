import { DAY } from './kit.ts';
import type { Timeline } from './replay.ts';
import { morning, type TenderPlan } from './tenders.story.ts';

const yuan = (y: number) => y * 100;
const computers = { name: '台式计算机', quantity: 200, unit: '台', specs: '国产处理器，16G 内存，512G 固态硬盘，23.8 英寸显示器' };
const notebooks = { name: '便携式计算机', quantity: 80, unit: '台', specs: '14 英寸，16G 内存，1T 固态硬盘，续航不少于 8 小时' };
const copiers = { name: '彩色数码复合机', quantity: 30, unit: '台', specs: 'A3 幅面，35 页/分钟，双面自动输稿' };
const itOps = { name: '信息系统运行维护服务', quantity: 1, unit: '项', specs: '7×24 小时值守，故障 2 小时到场，季度安全评估' };
const furniture = { name: '阅览桌椅', quantity: 120, unit: '套', specs: '实木贴面，E1 级环保板材' };

/**
 * The year's tenders: four that run their whole course (one with an amendment, one with a question, one
 * challenged), one that fails for too few bids, three in one category where the same three suppliers take
 * turns winning, one where two bidders send from the same office and device with near-identical prices;
 * then the present: one open for bids, one whose deadline falls ten minutes after start, one in scoring,
 * one awarded inside its challenge window with the challenge still unanswered.
 */
export function tenderPlans(t: Timeline): TenderPlan[] {
  const day = (n: number) => morning(t.start, n);
  const history = (n: number) => ({ publishAt: day(n), deadline: morning(t.start, n + 21), stopAfter: 'contract' as const });
  const ring = ['supplier06', 'supplier07', 'supplier11'];
  const rotation = (round: number): TenderPlan => ({
    unit: 'unit07',
    title: `北京市公安局丰台分局 2026 年便携式计算机采购（第 ${round + 1} 批）`,
    kind: 'goods',
    categoryCode: 'A02010105',
    item: notebooks,
    budgetFen: yuan(720_000),
    method: 'lowest_price',
    // Each round another of the three is lowest: the ring takes turns.
    bidders: ring.map((username, i) => ({ username, priceFen: yuan(i === round ? 655_000 + round * 1_000 : 688_000 + i * 4_000) })),
    ...history(130 + round * 40),
  });
  const now = t.now.getTime();
  const plans: TenderPlan[] = [
    {
      unit: 'purchaser',
      title: '北京市海淀区教育委员会 2026 年中小学教师办公计算机采购项目',
      kind: 'goods',
      categoryCode: 'A02010104',
      item: computers,
      budgetFen: yuan(1_200_000),
      method: 'lowest_price',
      amendment: true,
      bidders: [
        { username: 'supplier', priceFen: yuan(1_128_000) },
        { username: 'supplier06', priceFen: yuan(1_096_000) },
        { username: 'supplier07', priceFen: yuan(1_118_500) },
        { username: 'supplier10', priceFen: yuan(1_149_000) },
      ],
      ...history(8),
    },
    {
      unit: 'unit02',
      title: '北京市海淀区卫生健康委员会彩色数码复合机采购项目',
      kind: 'goods',
      categoryCode: 'A020201',
      item: copiers,
      budgetFen: yuan(900_000),
      method: 'comprehensive',
      question: true,
      bidders: [
        { username: 'supplier03', priceFen: yuan(858_000), smeDeclared: true },
        { username: 'supplier06', priceFen: yuan(812_000) },
        { username: 'supplier13', priceFen: yuan(846_000), smeDeclared: true },
      ],
      ...history(40),
    },
    {
      unit: 'unit03',
      title: '北京市朝阳区城市管理委员会信息系统运行维护服务项目',
      kind: 'services',
      categoryCode: 'C1605',
      item: itOps,
      budgetFen: yuan(1_500_000),
      method: 'comprehensive',
      challenge: true,
      bidders: [
        { username: 'supplier15', priceFen: yuan(1_380_000), smeDeclared: true },
        { username: 'supplier20', priceFen: yuan(1_415_000), smeDeclared: true },
        { username: 'supplier02', priceFen: yuan(1_452_000), smeDeclared: true },
      ],
      ...history(75),
    },
    {
      unit: 'unit05',
      title: '北京市东城区图书馆阅览桌椅采购项目（专门面向中小企业）',
      kind: 'goods',
      categoryCode: 'A0501',
      item: furniture,
      budgetFen: yuan(560_000),
      method: 'lowest_price',
      reserved: true,
      // Two bids where the method needs three: the opening fails it (流标).
      bidders: [
        { username: 'supplier05', priceFen: yuan(528_000) },
        { username: 'supplier08', priceFen: yuan(541_000) },
      ],
      ...history(100),
    },
    ...[0, 1, 2].map(rotation),
    {
      unit: 'unit08',
      title: '北京市昌平区水务局办公计算机采购项目',
      kind: 'goods',
      categoryCode: 'A02010104',
      item: { ...computers, quantity: 60 },
      budgetFen: yuan(380_000),
      method: 'lowest_price',
      bidders: [
        { username: 'supplier', priceFen: yuan(352_000) },
        // Two "competitors" bidding from one office and one device, within a hair of each other.
        { username: 'supplier04', priceFen: yuan(361_800), from: { ip: '10.88.16.23', device: 'dev-shared-7f3a' } },
        { username: 'supplier10', priceFen: yuan(362_100), from: { ip: '10.88.16.23', device: 'dev-shared-7f3a' } },
      ],
      ...history(250),
    },
    // The present.
    {
      unit: 'unit09',
      title: '北京市规划和自然资源委员会 2027 年计算机设备采购项目',
      kind: 'goods',
      categoryCode: 'A02010104',
      item: computers,
      budgetFen: yuan(1_300_000),
      method: 'lowest_price',
      question: true,
      bidders: [
        { username: 'supplier06', priceFen: yuan(1_238_000) },
        { username: 'supplier02', priceFen: yuan(1_256_000), smeDeclared: true },
      ],
      publishAt: new Date(now - 6 * DAY),
      deadline: new Date(now + 15 * DAY),
      stopAfter: 'bidding',
    },
    {
      unit: 'unit10',
      title: '北京市疾病预防控制中心实验室计算机采购项目',
      kind: 'goods',
      categoryCode: 'A02010104',
      item: { ...computers, quantity: 50 },
      budgetFen: yuan(320_000),
      method: 'lowest_price',
      bidders: [
        { username: 'supplier07', priceFen: yuan(301_500) },
        { username: 'supplier10', priceFen: yuan(309_000) },
        { username: 'supplier04', priceFen: yuan(298_800), smeDeclared: true },
      ],
      // Opens ten minutes after the demo starts: a person sees it happen (and may still bid).
      publishAt: new Date(now + 10 * 60_000 - 21 * DAY),
      deadline: new Date(now + 10 * 60_000),
      stopAfter: 'bidding',
    },
    {
      // The demo purchaser's own: after the scores and the report it confirms the award in its account.
      unit: 'purchaser',
      title: '北京市海淀区教育委员会教学楼彩色数码复合机采购项目',
      kind: 'goods',
      categoryCode: 'A020201',
      item: { ...copiers, quantity: 12 },
      budgetFen: yuan(360_000),
      method: 'comprehensive',
      bidders: [
        { username: 'supplier03', priceFen: yuan(338_000), smeDeclared: true },
        { username: 'supplier13', priceFen: yuan(342_500), smeDeclared: true },
        { username: 'supplier06', priceFen: yuan(329_000) },
      ],
      publishAt: morning(new Date(now - 25 * DAY)),
      deadline: new Date(morning(new Date(now - 3 * DAY)).getTime()),
      stopAfter: 'scoring',
      scoredSeats: 2,
    },
    {
      unit: 'unit12',
      title: '国家统计局北京调查总队信息系统运行维护服务项目',
      kind: 'services',
      categoryCode: 'C1605',
      item: itOps,
      budgetFen: yuan(800_000),
      method: 'comprehensive',
      challenge: true,
      bidders: [
        { username: 'supplier20', priceFen: yuan(742_000), smeDeclared: true },
        { username: 'supplier15', priceFen: yuan(756_000), smeDeclared: true },
        { username: 'supplier', priceFen: yuan(768_000) },
      ],
      publishAt: morning(new Date(now - 31 * DAY)),
      deadline: morning(new Date(now - 8 * DAY)),
      stopAfter: 'awarded',
    },
  ];
  return plans;
}
