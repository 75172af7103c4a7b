import type { AssetSpec } from './auction-acts.ts';

/**
 * What units offer to the warehouse (公物仓) in the demo's year (#15) and who asks for it: the data of
 * the reallocation stories in auctions.story.ts. Units are the demo's purchasing units (purchaser =
 * 海淀区教委, unit02 … unit12). Money in fen; `day` counts days from the start of the history,
 * `workdaysAgo` workdays back from the present.
 */

const yuan = (n: number) => n * 100;

export interface Reallocation {
  when: { day: number } | { workdaysAgo: number };
  owner: string;
  asset: AssetSpec;
  /** Requests by other units, in order: `after` workdays from the offer (near the present: some time between the offer and now). */
  requests: { unit: string; reason: string; after: number }[];
  /** The request the center grants (the others are declined with it); none: still pending at the present. */
  grant?: { unit: string; reason: string };
}

export const reallocations: Reallocation[] = [
  {
    when: { day: 24 },
    owner: 'unit02',
    asset: {
      categoryCode: 'A050105',
      name: '钢制文件柜（两门）',
      description: '办公楼搬迁后多余，柜体完好，配钥匙。',
      quantity: 10,
      originalValueFen: yuan(12_000),
      netValueFen: yuan(3_600),
      acquiredOn: '2019-03-15',
      condition: 'good',
      location: '北京市海淀区北三环西路 43 号 一层库房',
    },
    requests: [{ unit: 'unit06', reason: '学校档案室扩容，需文件柜存放学籍档案', after: 3 }],
    grant: { unit: 'unit06', reason: '用途明确，同意调剂' },
  },
  {
    when: { day: 58 },
    owner: 'unit09',
    asset: {
      categoryCode: 'A020202',
      name: '会议室投影仪',
      description: '爱普生 CB-2247U，会议室改装 LED 屏后拆下，亮度正常。',
      quantity: 4,
      originalValueFen: yuan(26_000),
      netValueFen: yuan(7_800),
      acquiredOn: '2020-07-01',
      condition: 'good',
      location: '北京市通州区承安路 1 号 设备间',
    },
    requests: [
      { unit: 'unit05', reason: '少儿阅览室读书活动需投影设备', after: 2 },
      { unit: 'unit11', reason: '科普讲座场地增设投影设备', after: 5 },
    ],
    grant: { unit: 'unit05', reason: '按申请先后及用途，调剂给东城区图书馆' },
  },
  {
    when: { day: 148 },
    owner: 'unit11',
    asset: {
      categoryCode: 'A050102',
      name: '钢木办公桌（1.4 米）',
      description: '办公室调整后多余，桌面完好，带三斗柜。',
      quantity: 12,
      originalValueFen: yuan(18_000),
      netValueFen: yuan(5_400),
      acquiredOn: '2019-09-10',
      condition: 'good',
      location: '北京市海淀区复兴路 3 号 地下一层库房',
    },
    requests: [{ unit: 'unit04', reason: '新设诉讼服务中心，需办公桌 12 张', after: 4 }],
    grant: { unit: 'unit04', reason: '同意调剂，由申请单位自行运输' },
  },
  {
    when: { day: 226 },
    owner: 'purchaser',
    asset: {
      categoryCode: 'A02010104',
      name: '台式计算机（2020 款）',
      description: '联想 启天 M430，i5-10500/8G/256G，机关换装国产化终端后替换下，运行正常，已完成数据擦除。',
      quantity: 15,
      originalValueFen: yuan(82_500),
      netValueFen: yuan(24_750),
      acquiredOn: '2020-10-15',
      condition: 'good',
      location: '北京市海淀区紫竹院路 98 号 地下一层库房',
    },
    requests: [{ unit: 'unit06', reason: '学校计算机兴趣小组教室使用', after: 2 }],
    grant: { unit: 'unit06', reason: '同意调剂，支持学校信息科技课程' },
  },
  {
    when: { workdaysAgo: 3 },
    owner: 'unit02',
    asset: {
      categoryCode: 'A020204',
      name: '多功能一体机',
      description: '惠普 LaserJet M437，集中打印改造后闲置，印量约 4 万张。',
      quantity: 3,
      originalValueFen: yuan(16_500),
      netValueFen: yuan(8_250),
      acquiredOn: '2022-05-20',
      condition: 'good',
      location: '北京市海淀区北三环西路 43 号 一层库房',
    },
    requests: [],
  },
  {
    when: { workdaysAgo: 7 },
    owner: 'purchaser',
    asset: {
      categoryCode: 'A050102',
      name: '实木会议桌（3.6 米）',
      description: '原区教委三层会议室使用，台面轻微划痕，结构完好。',
      quantity: 2,
      originalValueFen: yuan(12_800),
      netValueFen: yuan(3_200),
      acquiredOn: '2016-09-01',
      condition: 'good',
      location: '北京市海淀区紫竹院路 98 号 地下一层库房',
    },
    requests: [{ unit: 'unit07', reason: '分局会议室改造，需会议桌 2 张', after: 4 }],
    // No decision yet: the request waits for the center at the present.
  },
];
