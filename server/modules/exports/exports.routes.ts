import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http.ts';
import { internalRequestHeaders } from '../../platform/rate-limit.ts';
import { tableFile, type Cell, type Column } from '../../platform/tables.ts';
import { exportQuery } from '../../../contracts/exports.schemas.ts';

/** At most this many rows in one file; a larger list should be narrowed by its filters. */
export const EXPORT_MAX_ROWS = 20_000;
const PAGE = 200;

/** Column headings for the fields lists share; any other field keeps its name. */
const labels: Record<string, string> = {
  orderNo: '订单编号',
  quotationNo: '竞价编号',
  tenderNo: '项目编号',
  lotNo: '标的编号',
  assetNo: '资产编号',
  code: '编码',
  title: '标题',
  name: '名称',
  status: '状态',
  statusLabel: '状态',
  purchaserName: '采购单位',
  supplierName: '供应商',
  organizationName: '单位',
  unitName: '采购单位',
  categoryCode: '品目编码',
  categoryName: '品目',
  brand: '品牌',
  model: '型号',
  priceFen: '价格',
  totalFen: '金额',
  ceilingFen: '最高限价',
  budgetFen: '预算',
  amountFen: '金额',
  unitPriceFen: '单价',
  quantity: '数量',
  stock: '库存',
  leadTimeDays: '供货周期（天）',
  deadline: '截止时间',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  publishedAt: '发布时间',
  closedAt: '结束时间',
  startsAt: '开始时间',
  endsAt: '结束时间',
  currentPriceFen: '当前价',
  startPriceFen: '起拍价',
  depositFen: '保证金',
  severity: '风险等级',
  rule: '规则',
  subjectLabel: '对象',
  assigneeName: '处理人',
  subjectKind: '对象类型',
  kind: '类型',
  process: '项目',
  pairs: '明细',
  orders: '订单',
  resolution: '结论',
  supplier: '供应商',
  unit: '采购单位',
  category: '品目',
  description: '说明',
  quotationStatus: '状态',
  round: '轮次',
  bidCount: '出价次数',
  winnerName: '竞得人',
  deliveryRegions: '配送地区',
  rating: '评价',
  uscc: '统一社会信用代码',
  regionCode: '行政区划',
  sizeClass: '企业规模',
  score: '信用分',
  legalBasis: '依据',
  startsOn: '开始日期',
  endsOn: '结束日期',
  // The audit log (GET /api/admin/audit).
  seq: '序号',
  occurredAt: '发生时间',
  summary: '摘要',
  actorName: '操作人',
  action: '操作',
  entityType: '对象类型',
  entityLabel: '对象',
  entityTitle: '对象名称',
  hash: '哈希',
};

type Flat = Record<string, Cell>;
function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value === null || value === undefined || typeof value !== 'object') {
    out[prefix] = value === undefined ? null : (value as Cell);
  } else if (Array.isArray(value)) {
    out[prefix] = value.every((v) => v === null || typeof v !== 'object') ? value.join('；') : JSON.stringify(value).slice(0, 1000);
  } else {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** Marks the export's own requests, so a route can tell it is being read page by page. */
export const EXPORT_HEADER = 'x-jicai-export';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers with a stream (server-sent events) that never ends: it cannot be exported. */
    stream?: boolean;
  }
}

/**
 * A streaming route answers the export with a 400 on `path` instead of holding it open forever: checked
 * on the route the export's request matched, however its path was spelled.
 */
export function registerExportGuard(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers[EXPORT_HEADER] === undefined) return;
    if (request.routeOptions.config?.stream) {
      throw new BadRequestError('a stream is not a list', {
        fields: [{ field: 'path', message: '实时推送接口不能导出，请选择分页列表', in: 'query' }],
      });
    }
    // The columns its items have, from the route's own response schema: an empty list still exports its header row.
    const columns = itemKeys((request.routeOptions.schema?.response as Record<string, unknown> | undefined)?.[200]);
    if (columns.length) reply.header(EXPORT_COLUMNS_HEADER, encodeURIComponent(columns.join(',')));
  });
}

/** The export's column keys for an empty list, as flatten would name them from an item. */
const EXPORT_COLUMNS_HEADER = 'x-jicai-export-columns';

/** The flattened keys of a paged list's items (`{ items: [{…}], total }`), read from its zod response schema. */
function itemKeys(schema: unknown): string[] {
  const unwrap = (t: unknown): unknown =>
    t instanceof z.ZodNullable || t instanceof z.ZodOptional || t instanceof z.ZodDefault ? unwrap(t.unwrap()) : t;
  const keysOf = (t: unknown, prefix: string): string[] => {
    const u = unwrap(t);
    if (!(u instanceof z.ZodObject)) return [prefix];
    return Object.entries(u.shape as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
  };
  const list = unwrap(schema);
  if (!(list instanceof z.ZodObject)) return [];
  const items = unwrap((list.shape as Record<string, unknown>).items);
  return items instanceof z.ZodArray ? keysOf(items.element, '') : [];
}

/** One download for any paged list the caller may read: the list's own route, page by page, as the caller. */
export const exportsRoutes = (): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/api/export',
    {
      config: { access: { public: true }, rateLimit: { bucket: 'export' } },
      schema: {
        tags: ['exports'],
        summary: `Any list the caller may read as CSV or XLSX (up to ${EXPORT_MAX_ROWS} rows), with the list's own filters`,
        querystring: exportQuery,
        response: { 200: z.any().describe('csv or xlsx'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { path, format, filename } = request.query;
      const target = new URL(path, 'http://local');
      target.searchParams.delete('page');
      target.searchParams.delete('pageSize');
      const headers = {
        ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        'accept-language': request.headers['accept-language'] ?? 'zh-CN',
        ...internalRequestHeaders(),
        [EXPORT_HEADER]: '1',
      };
      const rows: Flat[] = [];
      let declared: string[] = [];
      for (let page = 1; rows.length < EXPORT_MAX_ROWS; page++) {
        target.searchParams.set('page', String(page));
        target.searchParams.set('pageSize', String(PAGE));
        const res = await app.inject({ method: 'GET', url: `${target.pathname}${target.search}`, headers });
        if (res.statusCode === 401) throw new UnauthorizedError('请先登录');
        if (res.statusCode === 403) throw new ForbiddenError('无权导出该列表');
        if (res.statusCode === 404)
          throw new NotFoundError('没有这个列表', { fields: [{ field: 'path', message: '没有这个列表', in: 'query' }] });
        if (res.statusCode === 400 && res.json<{ errors?: { field: string }[] }>().errors?.some((e) => e.field === 'path'))
          throw new BadRequestError('a stream is not a list', {
            fields: [{ field: 'path', message: '实时推送接口不能导出，请选择分页列表', in: 'query' }],
          });
        const body = res.statusCode === 200 ? (res.json() as { items?: unknown; total?: unknown }) : null;
        if (!body || !Array.isArray(body.items) || typeof body.total !== 'number') {
          throw new BadRequestError(res.statusCode === 400 ? '列表的筛选条件不正确' : '该接口不是可导出的列表', {
            fields: [{ field: 'path', message: '应为本平台的分页列表接口', in: 'query' }],
          });
        }
        const header = res.headers[EXPORT_COLUMNS_HEADER];
        if (page === 1 && typeof header === 'string') declared = decodeURIComponent(header).split(',');
        rows.push(...body.items.map((item) => flatten(item)));
        if (rows.length >= body.total || body.items.length < PAGE) break;
      }
      // A notice's facts (`params`, for the storefront's words) are in its title and body already.
      const keys = [...new Set(rows.length ? rows.flatMap((r) => Object.keys(r)) : declared)].filter(
        (k) => !/^(id|sealed|.*Id|.*Ids)$/.test(k.split('.').at(-1)!) && !k.startsWith('params.'),
      );
      const columns: Column[] = keys.map((k) => {
        const leaf = k.split('.').at(-1)!;
        const money = /Fen$/.test(leaf);
        const label = labels[leaf] ?? k;
        return { key: k, label: money ? `${label}（元）` : label, money };
      });
      const name = filename ?? `${target.pathname.replace(/^\/api\//, '').replaceAll('/', '-')}-导出`;
      const file = await tableFile(format, name, columns, rows.slice(0, EXPORT_MAX_ROWS));
      return reply.type(file.contentType).header('content-disposition', file.disposition).send(file.body);
    },
  );
};
