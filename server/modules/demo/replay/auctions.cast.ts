import type { AssetSpec, Bidder, LotTerms, Round } from './auction-acts.ts';

/**
 * What goes to auction in the demo's year (#15), and who bids how far: the data of the disposal stories
 * in auctions.story.ts. Units are the demo's purchasing units (purchaser = 海淀区教委, unit02 … unit12),
 * bidders its suppliers (supplier = 华信, supplier02 … supplier22). Money in fen; `day` counts days from
 * the start of the history.
 */

const yuan = (n: number) => n * 100;
const bid = (username: string, maxYuan: number): Bidder => ({ username, maxFen: yuan(maxYuan) });

export interface Disposal {
  day: number;
  owner: string;
  asset: AssetSpec;
  lot: LotTerms;
  rounds: Round[];
  /** A request for the asset that the center declines during its window. */
  declined?: { unit: string; reason: string; answer: string };
}

const terms = (
  title: string,
  description: string,
  viewingInfo: string,
  [appraisal, start, reserve, increment, deposit]: [number, number, number, number, number],
): LotTerms => ({
  title,
  description,
  viewingInfo,
  appraisalFen: yuan(appraisal),
  startPriceFen: yuan(start),
  reservePriceFen: yuan(reserve),
  incrementFen: yuan(increment),
  depositFen: yuan(deposit),
});

export const disposals: Disposal[] = [
  {
    day: 10,
    owner: 'purchaser',
    asset: {
      categoryCode: 'A02030501',
      name: '大众桑塔纳轿车（2012 款）',
      description: '京 N·3XXXX，行驶 24.8 万公里，车改后停驶，年检有效期至 2026 年 10 月，按现状处置。',
      quantity: 1,
      originalValueFen: yuan(138_000),
      netValueFen: yuan(9_600),
      acquiredOn: '2012-08-15',
      condition: 'fair',
      location: '北京市海淀区紫竹院路 98 号 院内停车场',
    },
    lot: terms(
      '大众桑塔纳轿车 1 辆（海淀区教委公务用车处置）',
      '公务用车制度改革后停驶车辆，手续齐全，过户及相关费用由买受人承担。',
      '工作日 9:30–16:30 于车辆存放地点看样，联系人 张晓明 010-88491234',
      [18_000, 15_000, 17_000, 500, 3_000],
    ),
    rounds: [
      {
        bidders: [bid('supplier14', 23_500), bid('supplier03', 22_000), bid('supplier12', 20_500), bid('supplier06', 19_000)],
        bids: 6,
        war: true,
      },
    ],
  },
  {
    day: 42,
    owner: 'unit05',
    asset: {
      categoryCode: 'A02010104',
      name: '台式计算机（2016 款）',
      description: '联想 启天 M4650，i5-6500/8G/500G，运行正常，已按规定完成数据擦除。',
      quantity: 40,
      originalValueFen: yuan(196_000),
      netValueFen: yuan(9_800),
      acquiredOn: '2016-11-20',
      condition: 'fair',
      location: '北京市东城区交道口东大街 85 号 二层库房',
    },
    lot: terms(
      '台式计算机 40 台（东城区图书馆更新淘汰设备）',
      '整批拍卖，不拆分；硬盘已消磁，按现状交付。',
      '工作日 9:00–16:00 于东城区图书馆二层库房看样，联系人 王老师 010-64051234',
      [12_000, 10_000, 11_000, 200, 2_000],
    ),
    rounds: [
      { bidders: [bid('supplier04', 14_800), bid('supplier20', 14_200), bid('supplier', 13_600), bid('supplier16', 13_000)], bids: 8 },
    ],
  },
  {
    // Round 1 fails under the reserve (流拍); relisted 15% lower (the rule allows 20%) it sells.
    day: 76,
    owner: 'unit08',
    asset: {
      categoryCode: 'A050105',
      name: '钢制密集档案柜',
      description: '七节手摇式密集架，档案室改造后拆除，部分漆面磨损。',
      quantity: 30,
      originalValueFen: yuan(150_000),
      netValueFen: yuan(9_000),
      acquiredOn: '2013-04-10',
      condition: 'fair',
      location: '北京市昌平区府学路 8 号 档案室',
    },
    lot: terms(
      '钢制密集档案柜 30 组（昌平区水务局）',
      '整批拍卖，买受人自行拆运，须在付款后 10 个工作日内清场。',
      '工作日 9:00–11:30、14:00–16:30 于昌平区水务局档案室看样，联系人 赵工 010-69741234',
      [6_000, 5_000, 5_600, 100, 1_000],
    ),
    rounds: [
      { bidders: [bid('supplier05', 5_400), bid('supplier08', 5_300)], bids: 6 },
      {
        startPriceFen: yuan(4_250),
        reservePriceFen: yuan(4_500),
        bidders: [bid('supplier05', 5_400), bid('supplier08', 5_300), bid('supplier18', 4_800)],
        bids: 7,
      },
    ],
  },
  {
    // The winner of round 1 does not pay: its deposit is forfeited; round 2, without it, sells.
    day: 112,
    owner: 'unit07',
    asset: {
      categoryCode: 'A0203',
      name: '依维柯 17 座客车（2014 款）',
      description: '已拆除警用标识及设备，换发普通号牌，行驶 31.2 万公里，发动机大修一次，按现状处置。',
      quantity: 1,
      originalValueFen: yuan(368_000),
      netValueFen: yuan(36_000),
      acquiredOn: '2014-06-30',
      condition: 'fair',
      location: '北京市丰台区西四环南路 1 号 车场',
    },
    lot: terms(
      '依维柯 17 座客车 1 辆（丰台分局公务用车处置）',
      '原警用车辆，警用标识及设备已拆除，手续齐全，过户费用由买受人承担。',
      '工作日 9:30–16:00 于丰台分局车场看样，须提前一日预约，联系人 孙警官 010-63871234',
      [45_000, 40_000, 43_000, 1_000, 8_000],
    ),
    rounds: [
      { bidders: [bid('supplier12', 56_000), bid('supplier14', 52_000), bid('supplier18', 47_000)], bids: 6, war: true, defaults: true },
      {
        startPriceFen: yuan(36_000),
        reservePriceFen: yuan(40_000),
        bidders: [bid('supplier14', 50_000), bid('supplier18', 46_000), bid('supplier13', 42_000)],
        bids: 7,
      },
    ],
  },
  {
    day: 160,
    owner: 'unit03',
    asset: {
      categoryCode: 'A02061804',
      name: '分体壁挂式空调（1.5 匹）',
      description: '格力 KFR-35GW，2015 年安装，办公楼改中央空调后拆下，制冷正常。',
      quantity: 12,
      originalValueFen: yuan(48_000),
      netValueFen: yuan(4_800),
      acquiredOn: '2015-05-18',
      condition: 'fair',
      location: '北京市朝阳区朝外大街 16 号 地下库房',
    },
    declined: {
      unit: 'unit11',
      reason: '科协会议室夏季制冷不足，拟调剂 4 台使用',
      answer: '该批空调整批处置，不拆分调剂；申请数量与资产不符',
    },
    lot: terms(
      '分体壁挂式空调 12 台（朝阳区城管委）',
      '整批拍卖，已拆机，含室外机及支架。',
      '工作日 9:00–16:00 于朝阳区城管委地下库房看样，联系人 钱工 010-65091234',
      [9_600, 8_000, 8_500, 200, 1_500],
    ),
    rounds: [{ bidders: [bid('supplier17', 11_500), bid('supplier09', 10_500), bid('supplier12', 9_500)], bids: 7 }],
  },
  {
    day: 200,
    owner: 'unit10',
    asset: {
      categoryCode: 'A020201',
      name: '数码复合机',
      description: '理光 MP 4054，累计印量 30–45 万张，设备更新后闲置。',
      quantity: 6,
      originalValueFen: yuan(162_000),
      netValueFen: yuan(9_600),
      acquiredOn: '2017-03-08',
      condition: 'good',
      location: '北京市东城区和平里中街 16 号 后勤库房',
    },
    lot: terms(
      '数码复合机 6 台（市疾控中心）',
      '整批拍卖，随机附带电源线与说明书，按现状交付。',
      '工作日 9:00–16:00 于市疾控中心后勤库房看样，联系人 周老师 010-64401234',
      [7_200, 6_000, 6_500, 100, 1_000],
    ),
    rounds: [{ bidders: [bid('supplier03', 9_000), bid('supplier13', 8_200), bid('supplier16', 7_600)], bids: 8, war: true }],
  },
  {
    day: 240,
    // A city unit's: the 北京 center puts up only its area's assets (#19); a central unit's go to the central center.
    owner: 'unit09',
    asset: {
      categoryCode: 'A02010105',
      name: '便携式计算机',
      description: '联想 ThinkPad T470，i5/8G/256G SSD，外业测绘项目结束后收回，电池健康度 70% 左右。',
      quantity: 25,
      originalValueFen: yuan(187_500),
      netValueFen: yuan(15_000),
      acquiredOn: '2018-02-26',
      condition: 'good',
      location: '北京市西城区南礼士路 60 号 设备间',
    },
    lot: terms(
      '便携式计算机 25 台（北京市规划和自然资源委员会）',
      '整批拍卖，硬盘已做数据擦除并留存擦除记录。',
      '工作日 9:30–16:00 于设备间看样，联系人 吴老师 010-68781234',
      [15_000, 12_500, 13_500, 200, 2_500],
    ),
    rounds: [
      {
        bidders: [bid('supplier04', 19_000), bid('supplier20', 18_400), bid('supplier', 17_200), bid('supplier15', 16_000)],
        bids: 9,
        war: true,
      },
    ],
  },
  {
    day: 272,
    owner: 'unit04',
    asset: {
      categoryCode: 'A050103',
      name: '软包会议椅',
      description: '布面软包会议椅，审判庭改造后更换，部分座面磨损。',
      quantity: 80,
      originalValueFen: yuan(64_000),
      netValueFen: yuan(3_200),
      acquiredOn: '2014-09-01',
      condition: 'fair',
      location: '北京市西城区西直门南小街 26 号 地下库房',
    },
    lot: terms(
      '软包会议椅 80 把（西城区人民法院）',
      '整批拍卖，买受人自行搬运。',
      '工作日 9:00–16:00 于法院地下库房看样，联系人 郑书记员 010-66131234',
      [3_200, 2_600, 2_800, 50, 500],
    ),
    rounds: [{ bidders: [bid('supplier05', 3_900), bid('supplier08', 3_700), bid('supplier16', 3_300)], bids: 8 }],
  },
];

/** At the present: the lot live until a quarter of an hour from now, and the lot announced for next week. */
export const presentLots: Record<'live' | 'upcoming', { owner: string; asset: AssetSpec; lot: LotTerms; round: Round }> = {
  live: {
    owner: 'purchaser',
    asset: {
      categoryCode: 'A02030501',
      name: '别克 GL8 商务车（2015 款）',
      description: '京 A·2XXXX，行驶 21.6 万公里，年检有效期至 2027 年 3 月，车况一般，按现状拍卖。',
      quantity: 1,
      originalValueFen: yuan(328_000),
      netValueFen: yuan(32_000),
      acquiredOn: '2015-05-20',
      condition: 'fair',
      location: '北京市海淀区紫竹院路 98 号 院内停车场',
    },
    lot: terms(
      '别克 GL8 商务车 1 辆（海淀区教委公务用车处置）',
      '公务用车制度改革后停驶车辆，手续齐全，过户费用由买受人承担。',
      '工作日 9:30–16:30 于车辆存放地点看样，联系人 张晓明 010-88491234',
      [35_000, 28_000, 32_000, 500, 5_000],
    ),
    round: { bidders: [bid('supplier02', 30_000), bid('supplier03', 29_500), bid('supplier14', 31_000)], bids: 5 },
  },
  upcoming: {
    owner: 'unit06',
    asset: {
      categoryCode: 'A020202',
      name: '教室投影仪',
      description: '爱普生 CB-X05，教室改装交互式大屏后拆下，灯泡使用 1,500–3,000 小时。',
      quantity: 15,
      originalValueFen: yuan(52_500),
      netValueFen: yuan(4_500),
      acquiredOn: '2018-08-20',
      condition: 'good',
      location: '北京市海淀区万寿路 29 号 教学楼一层库房',
    },
    lot: terms(
      '教室投影仪 15 台（海淀区第一实验小学）',
      '整批拍卖，含吊架与遥控器。',
      '工作日 15:30–17:00 于学校库房看样，联系人 林老师 010-68211234',
      [4_500, 3_600, 3_900, 100, 800],
    ),
    round: { bidders: [bid('supplier04', 5_000)], bids: 0 },
  },
};
