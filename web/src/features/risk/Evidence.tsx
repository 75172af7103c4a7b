import { Descriptions, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatBeijing, formatMoney } from '../../app/format.ts';

// An alert's evidence is a JSON object whose shape depends on the rule: amounts in fen under keys
// ending in Fen, times under keys ending in At, ids of the things involved under keys ending in Id,
// and tables as arrays of objects. It is shown as key/value pairs and small tables, with a link to
// each subject the regulator has a page for.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Where the regulator reads a thing of this kind: by evidence key (orderId) or subject kind (order). */
const pages: Record<string, (id: string) => string> = {
  order: (id) => `/regulator/orders/${encodeURIComponent(id)}`,
  tender: (id) => `/regulator/tenders/${encodeURIComponent(id)}`,
  quotation: (id) => `/regulator/quotations/${encodeURIComponent(id)}`,
  supplier: (id) => `/regulator/credit/suppliers/${encodeURIComponent(id)}`,
  product: (id) => `/products/${encodeURIComponent(id)}`,
  // A purchasing unit has no page of its own for the regulator: its dashboard is the closest.
  unit: (id) => `/dashboards?organizationId=${encodeURIComponent(id)}`,
  auction_lot: (id) => `/auctions/${encodeURIComponent(id)}`,
  auctionLot: (id) => `/auctions/${encodeURIComponent(id)}`,
};

/** The page of a subject (alert.subjectKind and subjectId), if the regulator has one. */
export function subjectPath(kind: string, subjectId: string): string | undefined {
  return pages[kind]?.(subjectId);
}

/** supplierId → the supplier page; the shown text is the sibling name (supplierName) when there is one. */
function idLink(key: string): ((id: string) => string) | undefined {
  return key.endsWith('Id') ? pages[key.slice(0, -2)] : undefined;
}

const siblingNames = (key: string) => ['Name', 'No', 'Title', 'Label'].map((suffix) => `${key.slice(0, -2)}${suffix}`);

/** Which keys carry the link of another: { supplierName: 'supplierId' } when both are present. */
function linkedKeys(keys: string[]): Map<string, string> {
  const linked = new Map<string, string>();
  for (const key of keys) {
    if (!idLink(key)) continue;
    const name = siblingNames(key).find((n) => keys.includes(n));
    if (name) linked.set(name, key);
  }
  return linked;
}

function useKeyLabel() {
  const { t } = useTranslation();
  const labels = t('risk.evidence.keys', { returnObjects: true }) as Record<string, string>;
  return (key: string) =>
    labels[key] ??
    key
      .replace(/(Fen|At|Id)$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
}

function Scalar({ name, value, row }: { name: string; value: Json; row: JsonObject }) {
  const { t } = useTranslation();
  const kindNames = t('openData.kind', { returnObjects: true }) as Record<string, string>;
  if (value === null || value === '') return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  if (typeof value === 'boolean') return <>{value ? t('risk.evidence.yes') : t('risk.evidence.no')}</>;
  if (typeof value === 'number' && name.endsWith('Fen')) return <span className="num">{formatMoney(value)}</span>;
  if (typeof value === 'string' && /^-?\d+$/.test(value) && name.endsWith('Fen')) return <span className="num">{formatMoney(value)}</span>;
  if (typeof value === 'string' && iso.test(value)) return <span className="num">{formatBeijing(value)}</span>;
  if (name === 'kind' && typeof value === 'string') return <>{kindNames[value] ?? value}</>;
  const text = typeof value === 'number' ? value.toLocaleString('zh-CN') : String(value);
  const link = idLink(name);
  if (link && typeof value === 'string') {
    return (
      <Link to={link(value)} className="hash" title={value}>
        {value.slice(0, 8)}…
      </Link>
    );
  }
  // A name whose id sits beside it: the name is the link.
  const idKey = Object.keys(row).find((k) => idLink(k) && siblingNames(k).includes(name));
  const target = idKey ? row[idKey] : undefined;
  const page = idKey ? idLink(idKey) : undefined;
  if (page && typeof target === 'string') return <Link to={page(target)}>{text}</Link>;
  return <>{text}</>;
}

// A table's rows name their own id `id`: under `orders` it is an order's id (orderId), and so on.
const rowKinds: Record<string, string> = { orders: 'order', tenders: 'tender', quotations: 'quotation', suppliers: 'supplier' };

function withKindIds(parent: string, rows: JsonObject[]): JsonObject[] {
  const kind = rowKinds[parent];
  if (!kind) return rows;
  return rows.map(({ id, ...rest }) => (typeof id === 'string' ? { ...rest, [`${kind}Id`]: id } : rest));
}

function RowsTable({ parent, rows: raw }: { parent: string; rows: JsonObject[] }) {
  const { t } = useTranslation();
  const label = useKeyLabel();
  const rows = withKindIds(parent, raw);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const linked = linkedKeys(keys);
  const shown = keys.filter((k) => ![...linked.values()].includes(k));
  const columns: TableColumnsType<JsonObject & { __key: number }> = shown.map((key) => ({
    key,
    title: label(key),
    align: key.endsWith('Fen') ? 'right' : undefined,
    render: (_: unknown, row) => {
      const value = row[key];
      if (value === undefined) return t('common.none');
      return isObject(value) || Array.isArray(value) ? (
        <Value name={key} value={value} row={row} />
      ) : (
        <Scalar name={key} value={value} row={row} />
      );
    },
  }));
  return (
    <Table
      size="small"
      bordered
      rowKey="__key"
      columns={columns}
      dataSource={rows.map((r, i) => ({ ...r, __key: i }))}
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      scroll={{ x: 'max-content' }}
    />
  );
}

function Value({ name, value, row }: { name: string; value: Json; row: JsonObject }) {
  const { t } = useTranslation();
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
    if (value.every(isObject)) return <RowsTable parent={name} rows={value} />;
    return (
      <>
        {value.map((v, i) =>
          isObject(v) || Array.isArray(v) ? (
            <Value key={i} name={name} value={v} row={row} />
          ) : (
            <span key={i}>
              {i > 0 ? '、' : ''}
              <Scalar name={name} value={v} row={row} />
            </span>
          ),
        )}
      </>
    );
  }
  if (isObject(value)) return <EvidenceObject value={value} nested />;
  return <Scalar name={name} value={value} row={row} />;
}

function EvidenceObject({ value, nested = false }: { value: JsonObject; nested?: boolean }) {
  const label = useKeyLabel();
  const keys = Object.keys(value);
  const linked = linkedKeys(keys);
  const hidden = new Set(linked.values());
  // Scalars first as pairs, then each table under its own heading, full width.
  const pairs = keys.filter((k) => !hidden.has(k) && !Array.isArray(value[k]) && !isObject(value[k]));
  const blocks = keys.filter((k) => Array.isArray(value[k]) || isObject(value[k]));
  return (
    <div className="alert-evidence">
      {pairs.length ? (
        <Descriptions
          size="small"
          bordered
          column={nested ? 1 : { xs: 1, md: 2 }}
          items={pairs.map((k) => ({ key: k, label: label(k), children: <Scalar name={k} value={value[k] ?? null} row={value} /> }))}
          style={{ marginBottom: blocks.length ? 12 : 0 }}
        />
      ) : null}
      {blocks.map((k) => (
        <div key={k} style={{ marginBottom: 12 }}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
            {label(k)}
          </Typography.Text>
          <Value name={k} value={value[k] ?? null} row={value} />
        </div>
      ))}
    </div>
  );
}

/** The evidence of one alert, readable: pairs, tables, money in ¥, times in Beijing time, links. */
export function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const { t } = useTranslation();
  if (Object.keys(evidence).length === 0) return <Typography.Text type="secondary">{t('risk.detail.noEvidence')}</Typography.Text>;
  return <EvidenceObject value={evidence as JsonObject} />;
}
