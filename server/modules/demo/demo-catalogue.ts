import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { categories, organizations } from '../../db/schema/index.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDate } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import type { CreateListingBody } from '../../../contracts/catalogue.schemas.ts';
import { actingAs, actingInOrganization, type DemoServices } from './demo-setup.ts';
import { demoPicture } from './demo-pictures.ts';

interface ProductSeed {
  category: string;
  brand: string;
  model: string;
  name: string;
  specs: Record<string, string | number>;
}

const pc = (cpu: string, memoryGb: number, storageGb: number, os: string) => ({ cpu, memoryGb, storageGb, os });

/** Brands and models of the kind Chinese e-malls carry; configurations multiply them into distinct products. */
function productSeeds(): ProductSeed[] {
  const seeds: ProductSeed[] = [];
  const desktops: [string, string, string][] = [
    ['联想', '开天M740z', '龙芯3A6000'],
    ['联想', '启天M455', 'Intel Core i5-13500'],
    ['华为', '擎云B730', '鲲鹏920'],
    ['清华同方', '超越E500', '兆芯KX-6780A'],
    ['长城', '世恒TD120', '飞腾D2000'],
    ['浪潮', 'CE520F', '飞腾D2000'],
    ['方正', '文祥E520', 'Intel Core i5-12500'],
    ['惠普', 'ProDesk 480 G9', 'Intel Core i5-12500'],
    ['戴尔', 'OptiPlex 7010', 'Intel Core i7-13700'],
    ['宝德', 'PT620P', '鲲鹏920'],
  ];
  const laptops: [string, string, string][] = [
    ['联想', '开天N80z', '龙芯3A6000'],
    ['联想', '昭阳K4e', 'Intel Core i5-1340P'],
    ['联想', 'ThinkPad E14', 'Intel Core i7-1355U'],
    ['华为', '擎云L420', '麒麟9006C'],
    ['清华同方', '超锐X50', '兆芯KX-6640MA'],
    ['长城', 'UF712', '飞腾D2000'],
    ['戴尔', 'Latitude 5440', 'Intel Core i5-1345U'],
    ['惠普', 'ProBook 440 G10', 'Intel Core i5-1335U'],
  ];
  const osFor = (cpu: string) => (/龙芯|飞腾|鲲鹏|兆芯|麒麟/.test(cpu) ? '统信UOS' : 'Windows 11 专业版');
  for (const [brand, model, cpu] of desktops) {
    for (const [mem, disk] of [
      [8, 256],
      [16, 512],
      [16, 1024],
      [32, 1024],
    ] as const) {
      seeds.push({
        category: 'A02010104',
        brand,
        model: `${model}-${mem}G${disk}G`,
        name: `${brand} ${model} 台式计算机 ${mem}GB/${disk}GB`,
        specs: pc(cpu, mem, disk, osFor(cpu)),
      });
    }
  }
  for (const [brand, model, cpu] of laptops) {
    for (const [mem, disk] of [
      [16, 512],
      [16, 1024],
      [32, 1024],
    ] as const) {
      seeds.push({
        category: 'A02010105',
        brand,
        model: `${model}-${mem}G${disk}G`,
        name: `${brand} ${model} 便携式计算机 ${mem}GB/${disk}GB`,
        specs: { ...pc(cpu, mem, disk, osFor(cpu)), screenInch: 14 },
      });
    }
  }
  for (const [brand, model] of [
    ['华为', 'TaiShan 200'],
    ['浪潮', 'NF5280M6'],
    ['新华三', 'R4900 G5'],
    ['中科曙光', 'I620-G30'],
  ] as const) {
    seeds.push({
      category: 'A02010103',
      brand,
      model,
      name: `${brand} ${model} 机架式服务器`,
      specs: pc('双路 32 核', 128, 4000, '麒麟服务器操作系统 V10'),
    });
  }
  for (const [brand, model] of [
    ['华为', 'MatePad 11.5'],
    ['联想', '小新Pad Pro'],
    ['荣耀', '平板9'],
  ] as const) {
    seeds.push({ category: 'A02010106', brand, model, name: `${brand} ${model} 平板式计算机`, specs: {} });
  }
  const printers: [string, string, 'A4' | 'A3', '黑白' | '彩色', number][] = [
    ['奔图', 'P3305DN', 'A4', '黑白', 33],
    ['奔图', 'CP2500DN', 'A4', '彩色', 25],
    ['惠普', 'LaserJet Pro 4004dn', 'A4', '黑白', 40],
    ['联想', 'LJ2405D', 'A4', '黑白', 24],
    ['兄弟', 'HL-L5100DN', 'A4', '黑白', 40],
    ['佳能', 'LBP6230dn', 'A4', '黑白', 25],
    ['得力', 'P2500DNW', 'A4', '黑白', 30],
    ['理光', 'P C301W', 'A4', '彩色', 25],
  ];
  for (const [brand, model, paper, color, ppm] of printers)
    seeds.push({ category: 'A02010601', brand, model, name: `${brand} ${model} ${color}激光打印机`, specs: { paper, color, ppm } });
  for (const [brand, model, size] of [
    ['AOC', '24B2XH', 23.8],
    ['飞利浦', '242E2F', 23.8],
    ['联想', 'ThinkVision T24i', 23.8],
    ['华为', 'MateView SE', 23.8],
    ['戴尔', 'P2422H', 23.8],
    ['三星', 'S27R350', 27],
  ] as const) {
    seeds.push({ category: 'A02010604', brand, model, name: `${brand} ${model} ${size}英寸显示器`, specs: {} });
  }
  for (const [brand, model] of [
    ['富士通', 'fi-7160'],
    ['佳能', 'DR-C240'],
    ['汉王', 'HW-8300A'],
    ['紫光', 'G6100'],
  ] as const)
    seeds.push({ category: 'A02010609', brand, model, name: `${brand} ${model} 高速文档扫描仪`, specs: {} });
  for (const [brand, model] of [
    ['理光', 'IM 2702'],
    ['柯尼卡美能达', 'bizhub 266i'],
    ['夏普', 'BP-M2322R'],
    ['东芝', 'e-STUDIO 2323AM'],
    ['京瓷', 'TASKalfa 2320'],
  ] as const)
    seeds.push({ category: 'A020201', brand, model, name: `${brand} ${model} A3 黑白数码复合机`, specs: {} });
  for (const [brand, model] of [
    ['爱普生', 'CB-X06'],
    ['明基', 'E580'],
    ['索尼', 'VPL-EX575'],
    ['松下', 'PT-X3873C'],
  ] as const)
    seeds.push({ category: 'A020202', brand, model, name: `${brand} ${model} 商务投影仪`, specs: {} });
  for (const [brand, model] of [
    ['奔图', 'M7105DN'],
    ['惠普', 'MFP 4104fdw'],
    ['兄弟', 'MFC-B7720DN'],
    ['联想', 'M7605D'],
  ] as const)
    seeds.push({ category: 'A020204', brand, model, name: `${brand} ${model} 黑白激光多功能一体机`, specs: {} });
  for (const [brand, model] of [
    ['得力', '9906'],
    ['科密', 'C-958'],
    ['齐心', 'S3920'],
  ] as const)
    seeds.push({ category: 'A020206', brand, model, name: `${brand} ${model} 办公碎纸机`, specs: {} });
  for (const [brand, model] of [
    ['格力', 'KFR-35GW 一级能效'],
    ['美的', 'KFR-35GW/N8MXC1'],
    ['海尔', 'KFR-35GW/01KGC81'],
    ['格力', 'KFR-72LW 柜机'],
    ['美的', 'KFR-72LW 柜机'],
  ] as const)
    seeds.push({ category: 'A02061804', brand, model, name: `${brand} ${model} 变频空调`, specs: {} });
  for (const [brand, model] of [
    ['雷士照明', 'NVC-LED 面板灯'],
    ['欧普照明', 'OP-LED 筒灯'],
    ['飞利浦', 'LED 格栅灯'],
  ] as const)
    seeds.push({ category: 'A02061906', brand, model, name: `${brand} ${model}`, specs: {} });
  const furniture: [string, string, string, string][] = [
    ['A050102', '震旦', 'AD-1600 办公桌', '钢木结构办公桌 1600×800'],
    ['A050102', '圣奥', 'SA-1400 职员桌', '职员办公桌 1400×700'],
    ['A050102', '冠美', 'GM-1800 会议桌', '会议桌 1800×900'],
    ['A050103', '震旦', 'AC-220 办公椅', '人体工学网布办公椅'],
    ['A050103', '圣奥', 'SA-C08 会议椅', '会议椅'],
    ['A050103', '百利', 'BL-101 培训椅', '折叠培训椅'],
    ['A050105', '震旦', 'AF-185 文件柜', '钢制文件柜 1850×900'],
    ['A050105', '冠美', 'GM-G2 更衣柜', '钢制更衣柜'],
    ['A050101', '百利', 'BL-B90 单人床', '值班室单人床 900×2000'],
    ['A050104', '圣奥', 'SA-S3 三人沙发', '接待三人沙发'],
  ];
  for (const [category, brand, model, name] of furniture) seeds.push({ category, brand, model, name: `${brand} ${name}`, specs: {} });
  for (const [brand, model, name] of [
    ['麒麟软件', '银河麒麟 V10', '银河麒麟桌面操作系统 V10'],
    ['统信软件', 'UOS 20', '统信 UOS 桌面操作系统'],
    ['金山办公', 'WPS Office 2023', 'WPS Office 专业版'],
    ['永中软件', '永中 Office 2023', '永中 Office 办公套件'],
  ] as const) {
    seeds.push({ category: name.includes('操作系统') ? 'A080601' : 'A080602', brand, model, name, specs: {} });
  }
  for (const [brand, model, category] of [
    ['比亚迪', '秦PLUS DM-i', 'A02030502'],
    ['红旗', 'E-QM5', 'A02030502'],
    ['红旗', 'H5', 'A02030501'],
    ['大众', '帕萨特 330TSI', 'A02030501'],
    ['吉利', '几何A', 'A02030502'],
  ] as const) {
    seeds.push({ category, brand, model, name: `${brand} ${model} 公务用车`, specs: {} });
  }
  return seeds;
}

/** A deterministic pseudo-random sequence: the demo looks the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The e-mall's catalogue, made as its keepers make it (#15): center staff enter the standard products and sign
 * each supplier's one-year framework agreement; each supplier offers its products at prices around the
 * category reference, with its certificates, and submits them; center staff approve them onto the shelf
 * (a price far above the reference is the review's to pass). Same seed, same catalogue.
 */
export async function loadDemoCatalogue(db: Db, services: DemoServices): Promise<number> {
  const random = rng(20261130);
  const center = await actingAs(db, 'center');
  const cats = new Map((await db.select().from(categories)).map((c) => [c.code, c]));
  const supplierOrgs = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.kind, 'supplier'))
    .orderBy(asc(organizations.name));
  const today = shanghaiDate(await dbNow(db));
  // Two years on: the data is loaded at the start of the planning time, more than a year before the present.
  const nextYear = `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`;
  const products = [];
  for (const p of productSeeds().filter((seed) => cats.has(seed.category))) {
    const product = await services.catalogue.createProduct(center, {
      categoryCode: p.category,
      brand: p.brand,
      model: p.model,
      name: p.name,
      specs: p.specs,
      description: '',
    });
    // Its picture, drawn by the project and uploaded as center staff upload one (thumbnail made on upload).
    await services.catalogue.addImage(center, product.id, { content: await demoPicture(p.category, p.brand) });
    products.push(product);
  }
  for (const [i, s] of supplierOrgs.entries()) {
    await services.catalogue.createAgreement(center, {
      code: `BJ-XYGH-2026-${String(i + 1).padStart(3, '0')}`,
      title: `北京市 2026 年度通用办公设备家具协议供货（${s.name}）`,
      supplierId: s.id,
      categoryCodes: ['A02', 'A05', 'A08'],
      brands: [],
      startsOn: `${today.slice(0, 4)}-01-01`,
      endsOn: nextYear,
      priceCapFen: null,
      minDiscount: null,
    });
  }
  const offers = new Map<string, CreateListingBody[]>(supplierOrgs.map((s) => [s.id, []]));
  for (const p of products) {
    const category = cats.get(p.categoryCode)!;
    const reference = category.referencePriceFen ?? 100_000;
    const configFactor = /32G/.test(p.model) ? 1.35 : /8G/.test(p.model) ? 0.8 : 1;
    const count = 14 + Math.floor(random() * 7);
    const chosen = [...supplierOrgs].sort(() => random() - 0.5).slice(0, Math.min(count, supplierOrgs.length));
    for (const s of chosen) {
      let price = Math.round((reference * configFactor * (0.88 + random() * 0.24)) / 100) * 100;
      if (category.allocationCapFen && random() < 0.8)
        price = Math.min(price, category.allocationCapFen - Math.round(random() * 20) * 1000);
      const offer: CreateListingBody = {
        productId: p.id,
        priceFen: Math.max(price, 10_000),
        stock: 5 + Math.floor(random() * 300),
        deliveryRegions: random() < 0.4 ? ['000000'] : ['110000', ...(random() < 0.3 ? ['120000', '130000'] : [])],
        leadTimeDays: 1 + Math.floor(random() * 10),
        certificates: [],
      };
      // The draw that once dated the listing's activation: kept, so the same seed makes the same catalogue.
      random();
      if (category.greenPolicy !== 'none' && random() < 0.85) {
        const kind = p.categoryCode.startsWith('A05') ? 'environmental_label' : 'energy_saving';
        const serial = [...offers.values()].reduce((n, list) => n + list.length, 0);
        offer.certificates.push({
          kind,
          number: `${kind === 'energy_saving' ? 'CQC' : 'CEC'}${today.slice(0, 4)}${String(100000 + serial)}`,
          issuer: kind === 'energy_saving' ? '中国质量认证中心' : '中环联合（北京）认证中心',
          validUntil: nextYear,
        });
      }
      offers.get(s.id)!.push(offer);
    }
  }
  return offerAndReview(db, services, center, offers);
}

/** Each supplier's offers, made and submitted in its own account; the center's review puts them on the shelf. */
async function offerAndReview(db: Db, services: DemoServices, center: AuthContext, offers: Map<string, CreateListingBody[]>) {
  const submitted: string[] = [];
  for (const [supplierId, list] of offers) {
    const seller = await actingInOrganization(db, supplierId);
    const { listingIds } = await services.listingsBulk.createMany(seller, list);
    await services.listingsBulk.transitionMany(seller, listingIds, 'submit');
    submitted.push(...listingIds);
  }
  await services.listingsBulk.transitionMany(center, submitted, 'approve');
  return submitted.length;
}
