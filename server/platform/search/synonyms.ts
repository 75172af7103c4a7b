/**
 * Synonym groups for catalogue search: what purchasers type ⇄ what the 品目 catalogue and listings say.
 * Each group is symmetric. Kept as data so both adapters (PostgreSQL, Meilisearch) use the same list.
 */
export const synonymGroups: string[][] = [
  ['笔记本', '笔记本电脑', '便携式计算机', '手提电脑', 'laptop', 'notebook'],
  ['台式机', '台式电脑', '台式计算机', 'desktop'],
  ['电脑', '计算机', 'pc'],
  ['平板', '平板电脑', '平板式计算机', 'tablet'],
  ['打印机', '打印设备', 'printer'],
  ['一体机', '多功能一体机', '复印打印一体机'],
  ['显示器', '显示设备', '屏幕', 'monitor'],
  ['投影机', '投影仪', 'projector'],
  ['空调', '空调机', '空调器'],
  ['办公桌', '台、桌类', '写字台', '桌子'],
  ['椅子', '椅凳类', '办公椅'],
  ['文件柜', '柜类', '档案柜'],
  ['服务器', 'server'],
  ['新能源汽车', '新能源轿车', '电动汽车'],
  ['灯具', '照明设备', 'led灯'],
  // Brands as purchasers type them in Latin letters.
  ['联想', 'lenovo', 'thinkpad', 'thinkcentre'],
  ['华为', 'huawei'],
  ['惠普', 'hp'],
  ['戴尔', 'dell'],
  ['奔图', 'pantum'],
  ['震旦', 'aurora'],
  ['长城', 'greatwall'],
  ['浪潮', 'inspur'],
  ['美的', 'midea'],
  ['格力', 'gree'],
  ['海尔', 'haier'],
  ['理光', 'ricoh'],
  ['爱普生', 'epson'],
  ['兄弟', 'brother'],
  ['佳能', 'canon'],
  ['京瓷', 'kyocera'],
  ['明基', 'benq'],
  ['飞利浦', 'philips'],
  ['索尼', 'sony'],
  ['三星', 'samsung'],
  ['东芝', 'toshiba'],
  ['夏普', 'sharp'],
  ['比亚迪', 'byd'],
  ['得力', 'deli'],
  ['清华同方', '同方', 'tongfang'],
  ['紫光', 'unis'],
  ['方正', 'founder'],
];

const index = new Map<string, string[]>();
for (const group of synonymGroups) for (const term of group) index.set(term.toLowerCase(), group);

/** The term and its synonyms (the term first). */
export function expandSynonyms(term: string): string[] {
  const group = index.get(term.toLowerCase());
  return group ? [term, ...group.filter((t) => t.toLowerCase() !== term.toLowerCase())] : [term];
}
