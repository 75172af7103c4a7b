import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/auth.ts';
import { problemResponses } from '../../platform/http.ts';
import { tableFile, type Cell, type Column } from '../../platform/tables.ts';
import { dashboardExportQuery, dashboardQuery, dashboardSchema, type Dashboard } from '../../../contracts/dashboards.schemas.ts';
import { planExecutionQuery, planExecutionSchema } from '../../../contracts/plans.schemas.ts';
import type { DashboardsService } from './dashboards.service.ts';

const readers = { access: { roles: ['regulator', 'center_staff', 'purchaser', 'approver'] as const } };
const channelLabels = { mall: '电子卖场', quotation: '网上竞价', tender: '招标采购' } as const;

type Section = z.infer<typeof dashboardExportQuery>['section'];
type SectionTable = { title: string; columns: Column[]; rows: Record<string, Cell>[] };

const amount: Column[] = [
  { key: 'amountFen', label: '金额（元）', money: true },
  { key: 'count', label: '项目数' },
];

/** Each section of the dashboard as the table behind its chart. */
const sectionTables: Record<Section, (d: Dashboard) => SectionTable> = {
  spendByCategory: (d) => ({
    title: '按品目采购金额',
    columns: [{ key: 'code', label: '品目编码' }, { key: 'name', label: '品目' }, ...amount],
    rows: d.spendByCategory,
  }),
  spendByRegion: (d) => ({
    title: '按地区采购金额',
    columns: [{ key: 'code', label: '行政区划代码' }, { key: 'name', label: '地区' }, ...amount],
    rows: d.spendByRegion,
  }),
  spendByUnit: (d) => ({ title: '按采购单位采购金额', columns: [{ key: 'name', label: '采购单位' }, ...amount], rows: d.spendByUnit }),
  spendByMonth: (d) => ({ title: '按月采购金额', columns: [{ key: 'month', label: '月份' }, ...amount], rows: d.spendByMonth }),
  channels: (d) => ({
    title: '采购方式结构',
    columns: [{ key: 'channel', label: '方式' }, ...amount],
    rows: d.channels.map((c) => ({ ...c, channel: channelLabels[c.channel] })),
  }),
  green: (d) => ({
    title: '绿色采购',
    columns: [
      { key: 'item', label: '指标' },
      { key: 'value', label: '数值' },
    ],
    rows: [
      { item: '强制采购品目订单行数', value: d.green.mandatoryLines },
      { item: '其中具有有效认证证书的行数', value: d.green.mandatoryCertifiedLines },
      { item: '强制采购品目金额（元）', value: d.green.mandatoryFen / 100 },
      { item: '其中认证产品金额（元）', value: d.green.mandatoryCertifiedFen / 100 },
      { item: '优先采购品目金额（元）', value: d.green.priorityFen / 100 },
      { item: '其中认证产品金额（元）', value: d.green.priorityCertifiedFen / 100 },
    ],
  }),
  sme: (d) => ({
    title: '中小企业预留份额',
    columns: [
      { key: 'name', label: '采购单位' },
      { key: 'budgetFen', label: '项目预算（元）', money: true },
      { key: 'reservedFen', label: '预留中小企业（元）', money: true },
      { key: 'smallMicroReservedFen', label: '其中面向小微企业（元）', money: true },
      { key: 'compliant', label: `达到 ${Number(d.sme.reserveShareMin) * 100}%` },
    ],
    rows: d.sme.units,
  }),
  savings: (d) => ({
    title: '节约资金',
    columns: [
      { key: 'channel', label: '方式' },
      { key: 'baseFen', label: '预算或最高限价（元）', money: true },
      { key: 'awardedFen', label: '成交金额（元）', money: true },
      { key: 'savedFen', label: '节约（元）', money: true },
      { key: 'count', label: '项目数' },
    ],
    rows: d.savings.map((x) => ({ ...x, channel: channelLabels[x.channel] })),
  }),
  vehicles: (d) => ({
    title: '新能源公务用车',
    columns: [
      { key: 'name', label: '省份' },
      { key: 'vehicles', label: '购置车辆' },
      { key: 'newEnergy', label: '其中新能源' },
      { key: 'meetsTarget', label: `达到 ${Number(d.vehicles.target) * 100}%` },
    ],
    rows: d.vehicles.provinces,
  }),
  auctions: (d) => ({
    title: '资产处置',
    columns: [
      { key: 'soldCount', label: '成交标的' },
      { key: 'proceedsFen', label: '成交金额（元）', money: true },
      { key: 'appraisalFen', label: '评估价合计（元）', money: true },
      { key: 'failedCount', label: '流拍' },
      { key: 'defaultedCount', label: '竞得人违约' },
    ],
    rows: [d.auctions],
  }),
};

const sectionTable = (d: Dashboard, section: Section): SectionTable => sectionTables[section](d);

export const dashboardsRoutes =
  (deps: { dashboards: DashboardsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['dashboards'];
    app.get(
      '/api/dashboards/summary',
      {
        config: readers,
        schema: {
          tags,
          summary: 'Policy dashboard figures: regulators and center staff for any unit or region, a purchasing unit for its own',
          querystring: dashboardQuery,
          response: { 200: dashboardSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => deps.dashboards.summary(requireAuth(request), request.query),
    );
    app.get(
      '/api/dashboards/plan-execution',
      {
        config: readers,
        schema: {
          tags,
          summary:
            "A unit's annual plan against execution: each line's budget and required method beside the e-mall, quotation and tender amounts",
          querystring: planExecutionQuery,
          response: { 200: planExecutionSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => deps.dashboards.planExecution(requireAuth(request), request.query),
    );
    app.get(
      '/api/dashboards/export',
      {
        config: readers,
        schema: {
          tags,
          summary: 'One dashboard section as CSV or XLSX, with the same filters',
          querystring: z.intersection(dashboardQuery, dashboardExportQuery),
          response: { 200: z.any().describe('csv or xlsx'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { section, format, ...filters } = request.query;
        const d = await deps.dashboards.summary(requireAuth(request), filters);
        const table = sectionTable(d, section);
        const file = await tableFile(format, `${table.title}-${d.scope.from}至${d.scope.to}`, table.columns, table.rows);
        return reply.type(file.contentType).header('content-disposition', file.disposition).send(file.body);
      },
    );
  };
