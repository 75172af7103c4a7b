/**
 * GB/T 2260 行政区划代码 the platform serves: the central level ('000000'), every province-level division
 * (so any USCC's registering province is known), and the cities and districts the demo's units sit in.
 * Level 0 central, 1 province, 2 city (地级), 3 district/county. The districts of a 直辖市 sit directly
 * under it (their 市辖区 code 110100/310100 is statistical only). Versioned: a row is in force from
 * `validFrom` until `validTo`; a retired code keeps its row, naming its successor, since licences issued
 * under it stand for life.
 */
export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  validFrom?: string;
  validTo?: string;
  successorCode?: string;
}

const provinces: [string, string][] = [
  ['110000', '北京市'],
  ['120000', '天津市'],
  ['130000', '河北省'],
  ['140000', '山西省'],
  ['150000', '内蒙古自治区'],
  ['210000', '辽宁省'],
  ['220000', '吉林省'],
  ['230000', '黑龙江省'],
  ['310000', '上海市'],
  ['320000', '江苏省'],
  ['330000', '浙江省'],
  ['340000', '安徽省'],
  ['350000', '福建省'],
  ['360000', '江西省'],
  ['370000', '山东省'],
  ['410000', '河南省'],
  ['420000', '湖北省'],
  ['430000', '湖南省'],
  ['440000', '广东省'],
  ['450000', '广西壮族自治区'],
  ['460000', '海南省'],
  ['500000', '重庆市'],
  ['510000', '四川省'],
  ['520000', '贵州省'],
  ['530000', '云南省'],
  ['540000', '西藏自治区'],
  ['610000', '陕西省'],
  ['620000', '甘肃省'],
  ['630000', '青海省'],
  ['640000', '宁夏回族自治区'],
  ['650000', '新疆维吾尔自治区'],
  ['710000', '台湾省'],
  ['810000', '香港特别行政区'],
  ['820000', '澳门特别行政区'],
];

/** [code, name, parent]: cities under their province, districts under their city (or municipality). */
const below: [string, string, string][] = [
  ['110101', '北京市东城区', '110000'],
  ['110102', '北京市西城区', '110000'],
  ['110105', '北京市朝阳区', '110000'],
  ['110106', '北京市丰台区', '110000'],
  ['110108', '北京市海淀区', '110000'],
  ['110114', '北京市昌平区', '110000'],
  ['310101', '上海市黄浦区', '310000'],
  ['310104', '上海市徐汇区', '310000'],
  ['310115', '上海市浦东新区', '310000'],
  ['320100', '江苏省南京市', '320000'],
  ['320102', '江苏省南京市玄武区', '320100'],
  ['320104', '江苏省南京市秦淮区', '320100'],
  ['320500', '江苏省苏州市', '320000'],
  ['320505', '江苏省苏州市虎丘区', '320500'],
  ['330100', '浙江省杭州市', '330000'],
  ['330106', '浙江省杭州市西湖区', '330100'],
  ['440100', '广东省广州市', '440000'],
  ['440106', '广东省广州市天河区', '440100'],
  ['440300', '广东省深圳市', '440000'],
  ['440305', '广东省深圳市南山区', '440300'],
];

const levelOf = (code: string, parent: string) => (parent.endsWith('0000') && code.endsWith('00') ? 2 : 3);

export const regionRows: readonly RegionRow[] = [
  { code: '000000', name: '中央', parentCode: null, level: 0 },
  ...provinces.map(([code, name]) => ({ code, name, parentCode: '000000', level: 1 })),
  ...below.map(([code, name, parentCode]) => ({ code, name, parentCode, level: levelOf(code, parentCode) })),
  // A retired code: 上海市闸北区 merged into 静安区 (2015), its code kept for the licences issued under it.
  { code: '310108', name: '上海市闸北区', parentCode: '310000', level: 3, validTo: '2015-10-31', successorCode: '310106' },
  { code: '310106', name: '上海市静安区', parentCode: '310000', level: 3 },
];
