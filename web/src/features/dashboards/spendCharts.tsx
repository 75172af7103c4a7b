import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../app/format.ts';
import { useRegionLabel } from '../../app/regions.ts';
import { useCategoryIndex } from '../catalogue/parts.tsx';
import type { Channel, Dashboard, DashboardQuery } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { moneyDonut, type ChartOption } from './EChart.tsx';
import { fenToYuan, palette, percent, share, wanTick, yuanLabel } from './figures.ts';

// 采购规模: spend by month, channel, category, region and unit.

export const topN = 10;

interface Props {
  data: Dashboard;
  query: DashboardQuery;
}

const money = (fen: number) => <span className="num">{formatMoney(fen)}</span>;

function useAmountColumns<Row extends { amountFen: number; count: number }>(total: number) {
  const { t } = useTranslation();
  return [
    { key: 'amount', dataIndex: 'amountFen', title: t('dashboard.chart.amountSeries'), align: 'right', render: money },
    { key: 'count', dataIndex: 'count', title: t('dashboard.chart.count'), align: 'right' },
    { key: 'share', title: t('dashboard.chart.share'), align: 'right', render: (_: unknown, r: Row) => percent(share(r.amountFen, total)) },
  ] as TableColumnsType<Row>;
}

// Axis names sit along the axis (under a horizontal one, above a vertical one, left-aligned), never cut off.
const axisAmount = (name: string, horizontal = false) =>
  horizontal
    ? { type: 'value' as const, name, nameLocation: 'middle' as const, nameGap: 26, axisLabel: { formatter: wanTick } }
    : { type: 'value' as const, name, nameTextStyle: { align: 'left' as const }, axisLabel: { formatter: wanTick } };

/** A bar chart of named amounts: horizontal for long names (categories, units), vertical otherwise. */
function amountBars(names: string[], amountsFen: number[], seriesName: string, axisName: string, horizontal: boolean): ChartOption {
  const category = {
    type: 'category' as const,
    data: names,
    axisLabel: { width: horizontal ? 140 : 80, overflow: 'truncate' as const, interval: 0 },
  };
  return {
    color: palette,
    grid: { left: 8, right: 24, top: horizontal ? 8 : 32, bottom: horizontal ? 28 : 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: yuanLabel },
    xAxis: horizontal ? axisAmount(axisName, true) : category,
    yAxis: horizontal ? { ...category, inverse: true } : axisAmount(axisName),
    series: [{ type: 'bar', name: seriesName, data: amountsFen.map(fenToYuan), barMaxWidth: 28 }],
  };
}

/** Every month of the period, those without spend as zero, so the axis is continuous time. */
function allMonths(data: Dashboard): Dashboard['spendByMonth'] {
  const byMonth = new Map(data.spendByMonth.map((r) => [r.month, r]));
  const months: Dashboard['spendByMonth'] = [];
  let [year, month] = data.scope.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = data.scope.to.slice(0, 7);
  for (let guard = 0; guard < 240; guard++) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    months.push(byMonth.get(key) ?? { month: key, amountFen: 0, count: 0 });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  // Months the server sent outside the stated period (never expected) are not dropped.
  return [...months, ...data.spendByMonth.filter((r) => !months.some((m) => m.month === r.month))];
}

export function MonthChart({ data, query }: Props) {
  const { t } = useTranslation();
  const rows = useMemo(() => allMonths(data), [data]);
  const option = useMemo<ChartOption>(
    () => ({
      color: palette,
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 48, bottom: 28, containLabel: true },
      xAxis: { type: 'category', name: t('dashboard.month.month'), nameLocation: 'middle', nameGap: 26, data: rows.map((r) => r.month) },
      yAxis: [
        axisAmount(t('dashboard.chart.amount')),
        { type: 'value', name: t('dashboard.chart.count'), nameTextStyle: { align: 'right' }, minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: t('dashboard.chart.amountSeries'),
          data: rows.map((r) => fenToYuan(r.amountFen)),
          barMaxWidth: 32,
          tooltip: { valueFormatter: yuanLabel },
        },
        { type: 'line', name: t('dashboard.chart.countSeries'), yAxisIndex: 1, data: rows.map((r) => r.count) },
      ],
    }),
    [rows, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'month', dataIndex: 'month', title: t('dashboard.month.month') },
    ...useAmountColumns<(typeof rows)[number]>(data.totals.spendFen),
  ];
  return (
    <ChartCard
      section="spendByMonth"
      title={t('dashboard.month.title')}
      hint={t('dashboard.month.hint')}
      query={query}
      option={option}
      columns={columns}
      rows={rows}
      rowKey="month"
      empty={rows.every((r) => r.amountFen === 0 && r.count === 0)}
    />
  );
}

export function ChannelChart({ data, query }: Props) {
  const { t } = useTranslation();
  const rows = data.channels;
  const total = rows.reduce((sum, r) => sum + r.amountFen, 0);
  const name = (c: Channel) => t(`dashboard.channel.${c}`);
  const option = useMemo<ChartOption>(
    () =>
      moneyDonut(
        rows.map((r) => ({ name: t(`dashboard.channel.${r.channel}`), fen: r.amountFen })),
        palette,
      ),
    [rows, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'channel', dataIndex: 'channel', title: t('dashboard.channel.channel'), render: name },
    ...useAmountColumns<(typeof rows)[number]>(total),
  ];
  return (
    <ChartCard
      section="channels"
      title={t('dashboard.channel.title')}
      hint={t('dashboard.channel.hint')}
      query={query}
      option={option}
      columns={columns}
      rows={rows}
      rowKey="channel"
      empty={total === 0}
    />
  );
}

export function CategoryChart({ data, query }: Props) {
  const { t } = useTranslation();
  const { name: categoryName, loaded } = useCategoryIndex();
  // The server names each 品目 in Chinese: the chart and its table name it in the page's language.
  const rows = useMemo(
    () => data.spendByCategory.map((r) => ({ ...r, name: loaded ? categoryName(r.code) : r.name })),
    [data.spendByCategory, categoryName, loaded],
  );
  const top = useMemo(() => rows.slice(0, topN), [rows]);
  const option = useMemo(
    () =>
      amountBars(
        top.map((r) => r.name),
        top.map((r) => r.amountFen),
        t('dashboard.chart.amountSeries'),
        t('dashboard.chart.amount'),
        true,
      ),
    [top, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'code', dataIndex: 'code', title: t('dashboard.category.code'), render: (v: string) => <span className="hash">{v}</span> },
    { key: 'name', dataIndex: 'name', title: t('dashboard.category.name') },
    ...useAmountColumns<(typeof rows)[number]>(data.totals.spendFen),
  ];
  return (
    <ChartCard
      section="spendByCategory"
      title={t('dashboard.category.title')}
      hint={t('dashboard.category.hint', { n: topN })}
      query={query}
      option={option}
      height={Math.max(240, top.length * 30 + 60)}
      columns={columns}
      rows={rows}
      rowKey="code"
      empty={rows.length === 0}
    />
  );
}

export function RegionChart({ data, query }: Props) {
  const { t } = useTranslation();
  const regionLabel = useRegionLabel();
  // The server names each region in Chinese: the chart, its tooltip and its table name it in the page's language.
  const rows = useMemo(
    () => data.spendByRegion.map((r) => ({ ...r, name: regionLabel(r.code, r.name) })),
    [data.spendByRegion, regionLabel],
  );
  const option = useMemo(
    () =>
      amountBars(
        rows.map((r) => r.name),
        rows.map((r) => r.amountFen),
        t('dashboard.chart.amountSeries'),
        t('dashboard.chart.amount'),
        // Lying bars: the region names read in full instead of overlapping under upright ones.
        true,
      ),
    [rows, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'code', dataIndex: 'code', title: t('dashboard.region.code'), render: (v: string) => <span className="hash">{v}</span> },
    { key: 'name', dataIndex: 'name', title: t('dashboard.region.name') },
    ...useAmountColumns<(typeof rows)[number]>(data.totals.spendFen),
  ];
  return (
    <ChartCard
      section="spendByRegion"
      title={t('dashboard.region.title')}
      hint={t('dashboard.region.hint')}
      query={query}
      option={option}
      height={Math.max(240, rows.length * 30 + 60)}
      columns={columns}
      rows={rows}
      rowKey="code"
      empty={rows.length === 0}
    />
  );
}

export function UnitChart({ data, query }: Props) {
  const { t } = useTranslation();
  const rows = data.spendByUnit;
  const top = useMemo(() => rows.slice(0, topN), [rows]);
  const option = useMemo(
    () =>
      amountBars(
        top.map((r) => r.name),
        top.map((r) => r.amountFen),
        t('dashboard.chart.amountSeries'),
        t('dashboard.chart.amount'),
        true,
      ),
    [top, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'name', dataIndex: 'name', title: t('dashboard.unit.name') },
    ...useAmountColumns<(typeof rows)[number]>(data.totals.spendFen),
  ];
  return (
    <ChartCard
      section="spendByUnit"
      title={t('dashboard.unit.title', { n: topN })}
      hint={t('dashboard.unit.hint')}
      query={query}
      option={option}
      height={Math.max(240, top.length * 30 + 60)}
      columns={columns}
      rows={rows}
      rowKey="id"
      empty={rows.length === 0}
    />
  );
}
