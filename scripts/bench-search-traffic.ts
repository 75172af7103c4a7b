/**
 * The search benchmark's catalogue and its traffic: the products the fixture lists, and ≥ 2,000 distinct
 * queries built from that catalogue's brands, models, category words and spec values, with misspellings
 * and the English words the synonyms map. Popularity is Zipf (s = 1); 30% carry filters (category,
 * brand, region, price band, green); pages 1–5; every sort. Deterministic for a given seed.
 */

/** [品目 code, brand, model, kind, spec values]: what the fixture's products are made of. */
export const CATALOGUE: [string, string, string, string, string[]][] = [
  ['A02010104', '联想', '开天M740z', '台式计算机', ['龙芯3A6000', '16GB', '512GB', '麒麟V10']],
  ['A02010104', '华为', '擎云B730', '台式计算机', ['鲲鹏920', '8GB', '256GB', '统信UOS']],
  ['A02010104', '清华同方', '超越E500', '台式计算机', ['兆芯KX6000', '16GB', '1TB', '麒麟V10']],
  ['A02010104', '长城', '世恒TD120', '台式计算机', ['飞腾D2000', '8GB', '512GB', '统信UOS']],
  ['A02010105', '联想', '开天N80z', '便携式计算机', ['龙芯3A6000', '16GB', '512GB', '14英寸']],
  ['A02010105', '华为', '擎云L420', '便携式计算机', ['麒麟9006C', '16GB', '512GB', '14英寸']],
  ['A02010105', '联想', '昭阳K4e', '便携式计算机', ['i5-1340P', '16GB', '512GB', '14英寸']],
  ['A02010105', '戴尔', 'Latitude5440', '便携式计算机', ['i7-1365U', '32GB', '1TB', '14英寸']],
  ['A02010601', '奔图', 'P3305DN', '激光打印机', ['A4', '黑白', '33页/分', '双面']],
  ['A02010601', '惠普', 'LaserJet4004dn', '激光打印机', ['A4', '黑白', '40页/分', '双面']],
  ['A020204', '奔图', 'M7105DN', '多功能一体机', ['A4', '复印', '扫描', '双面']],
  ['A02010604', 'AOC', '24B2XH', '显示器', ['23.8英寸', 'IPS', '1080P', 'HDMI']],
  ['A050102', '震旦', 'AD1600', '办公桌', ['1600mm', '钢木', '胡桃木色']],
  ['A050103', '圣奥', 'SAC08', '办公椅', ['网布', '人体工学', '可升降']],
  ['A02061804', '格力', 'KFR35GW', '变频空调', ['1.5匹', '一级能效', '壁挂式']],
  ['A020201', '理光', 'IM2702', '数码复合机', ['A3', '黑白', '27页/分']],
];

const CATEGORY_WORDS = ['计算机', '电脑', '笔记本', '台式机', '打印机', '一体机', '显示器', '空调', '办公桌', '椅子', '复合机', '机', '桌'];
const ENGLISH = ['laptop', 'notebook', 'desktop', 'pc', 'printer', 'monitor', 'projector', 'server', 'tablet'];
const MISSPELLINGS = [
  '联相',
  '华伪',
  '奔突',
  '打应机',
  '笔记夲',
  '台试机',
  '显视器',
  '空跳',
  '格历',
  '戴儿',
  '惠晋',
  'laserjet400',
  'latitud',
];
const REGIONS = ['110000', '110108', '310000', '000000', '440300'];
const BANDS = ['0-1000', '1000-3000', '3000-5000', '5000-10000', '10000-50000'];
const CATEGORY_FILTERS = ['A02', 'A020101', 'A02010104', 'A02010105', 'A020106', 'A05', 'A0206'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}

/** The words a query's terms are drawn from. */
function vocabulary(): string[] {
  const brands = [...new Set(CATALOGUE.map((c) => c[1]))];
  const models = CATALOGUE.flatMap(([, , model]) => [model, model.replace(/^[\u4e00-\u9fff]+/, '')]).filter(Boolean);
  const kinds = CATALOGUE.map((c) => c[3]);
  const specs = [...new Set(CATALOGUE.flatMap((c) => c[4]))];
  const variants = Array.from({ length: 40 }, (_, i) => `${CATALOGUE[i % CATALOGUE.length]![2]}-${i}`);
  return [...new Set([...brands, ...models, ...kinds, ...specs, ...CATEGORY_WORDS, ...ENGLISH, ...MISSPELLINGS, ...variants])];
}

export interface TrafficQuery {
  path: string;
  q: string;
  filtered: boolean;
}

/** `count` distinct requests (text, filters, page, sort), most popular first. */
export function trafficQueries(count: number, seed = 7): TrafficQuery[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const words = vocabulary();
  const brands = [...new Set(CATALOGUE.map((c) => c[1]))];
  const out = new Map<string, TrafficQuery>();
  while (out.size < count) {
    const terms = Array.from({ length: 1 + Math.floor(random() * random() * 3) }, () => pick(words));
    const q = random() < 0.04 ? '' : [...new Set(terms)].join(' ');
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    const filtered = !q || random() < 0.27;
    if (filtered) {
      const kinds = ['category', 'brand', 'region', 'price', 'green'];
      for (const kind of kinds
        .filter(() => random() < 0.35)
        .concat(q ? [] : ['category'])
        .slice(0, 2)) {
        if (kind === 'category') params.set('category', pick(CATEGORY_FILTERS));
        if (kind === 'brand') params.set('brand', pick(brands));
        if (kind === 'region') params.set('region', pick(REGIONS));
        if (kind === 'price') params.set('price', pick(BANDS));
        if (kind === 'green') params.set('green', 'energy_saving');
      }
    }
    const page = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 5][Math.floor(random() * 12)]!;
    if (page > 1) params.set('page', String(page));
    const sort = random();
    if (sort > 0.7) params.set('sort', sort > 0.95 ? 'newest' : sort > 0.85 ? 'price_desc' : 'price_asc');
    const path = `/api/search?${params.toString()}`;
    if (!out.has(path)) out.set(path, { path, q, filtered: params.size > (q ? 1 : 0) + (page > 1 ? 1 : 0) + (sort > 0.7 ? 1 : 0) });
  }
  return [...out.values()];
}

/** A Zipf (s = 1) sampler over ranks 0..n-1. */
export function zipf(n: number, seed = 11) {
  const random = rng(seed);
  const cumulative: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) cumulative.push((sum += 1 / k));
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
