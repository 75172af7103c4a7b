import { z } from 'zod';
import { isoDay } from './dates.ts';

const isoDate = isoDay;

/** Filters of the policy dashboards; a purchasing unit is always held to its own organization. */
export const dashboardQuery = z
  .object({
    from: isoDate.optional().describe('First day (Asia/Shanghai), inclusive; default: 1 January of this year'),
    to: isoDate.optional().describe('Last day (Asia/Shanghai), inclusive; default: today'),
    regionCode: z
      .string()
      .regex(/^\d{6}$/, '行政区划代码应为 6 位数字')
      .optional()
      .describe('Purchasing units in this region (and the regions under it)'),
    organizationId: z.uuid().optional().describe('One purchasing unit (regulators and center staff)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const amount = z.object({ amountFen: z.number().int(), count: z.number().int() });
export const channels = ['mall', 'quotation', 'tender'] as const;

export const dashboardSchema = z.object({
  scope: z.object({
    from: isoDate,
    to: isoDate,
    regionCode: z.string().nullable(),
    organizationId: z.string().nullable(),
    organizationName: z.string().nullable(),
  }),
  /** Committed spend: e-mall and quotation orders (not pending approval, rejected or cancelled) by order time; tender awards by award time. */
  totals: z.object({ spendFen: z.number().int(), processes: z.number().int(), units: z.number().int(), suppliers: z.number().int() }),
  spendByCategory: z.array(amount.extend({ code: z.string(), name: z.string() })),
  spendByRegion: z.array(amount.extend({ code: z.string(), name: z.string() })),
  spendByUnit: z.array(amount.extend({ id: z.string(), name: z.string() })),
  spendByMonth: z.array(amount.extend({ month: z.string() })),
  channels: z.array(amount.extend({ channel: z.enum(channels) })),
  /** 绿色采购: lines in mandatory categories with a certificate valid on the order day; priority categories' certified share. */
  green: z.object({
    mandatoryLines: z.number().int(),
    mandatoryCertifiedLines: z.number().int(),
    mandatoryFen: z.number().int(),
    mandatoryCertifiedFen: z.number().int(),
    priorityFen: z.number().int(),
    priorityCertifiedFen: z.number().int(),
  }),
  /** 中小企业: spend awarded to SMEs and to small/micro; per unit the reserved share of its quotation and tender budgets. */
  sme: z.object({
    totalFen: z.number().int(),
    smeFen: z.number().int(),
    smallMicroFen: z.number().int(),
    reserveShareMin: z.string(),
    units: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        budgetFen: z.number().int(),
        reservedFen: z.number().int(),
        smallMicroReservedFen: z.number().int(),
        compliant: z.boolean(),
      }),
    ),
  }),
  /** 节约资金: ceiling (quotations) or lot budget (tenders) against the awarded price. */
  savings: z.array(
    z.object({
      channel: z.enum(['quotation', 'tender']),
      baseFen: z.number().int(),
      awardedFen: z.number().int(),
      savedFen: z.number().int(),
      count: z.number().int(),
    }),
  ),
  /** 新能源公务用车: vehicles bought (units) per province against the target share. */
  vehicles: z.object({
    target: z.string(),
    provinces: z.array(
      z.object({ code: z.string(), name: z.string(), vehicles: z.number().int(), newEnergy: z.number().int(), meetsTarget: z.boolean() }),
    ),
  }),
  /** 资产处置: closed auction lots by outcome, proceeds of the sold ones. */
  auctions: z.object({
    soldCount: z.number().int(),
    proceedsFen: z.number().int(),
    appraisalFen: z.number().int(),
    failedCount: z.number().int(),
    defaultedCount: z.number().int(),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** Each dashboard table can be downloaded: the same filters plus the section and the file format. */
export const dashboardSections = [
  'spendByCategory',
  'spendByRegion',
  'spendByUnit',
  'spendByMonth',
  'channels',
  'green',
  'sme',
  'savings',
  'vehicles',
  'auctions',
] as const;
export const dashboardExportQuery = z.object({ section: z.enum(dashboardSections), format: z.enum(['csv', 'xlsx']).default('csv') });
