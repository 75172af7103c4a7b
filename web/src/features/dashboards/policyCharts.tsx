import { Col, Row, Statistic, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../app/format.ts';
import { useRegionLabel } from '../../app/regions.ts';
import type { Dashboard, DashboardQuery } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { moneyDonut, type ChartOption } from './EChart.tsx';
import { alarm, fenToYuan, good, palette, percent, policyShare, share, wanTick, yuanLabel } from './figures.ts';

// 政策功能: green purchasing, SMEs and their reserved share, savings, new-energy vehicles, disposal.

interface Props {
  data: Dashboard;
  query: DashboardQuery;
}

const money = (fen: number) => <span className="num">{formatMoney(fen)}</span>;
const pctAxis = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
const pct = (value: number | null) => (value === null ? 0 : Math.round(value * 1000) / 10);
const pctTooltip = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—');

/** A horizontal bar of shares (0–100%), red where a row falls below its threshold, with the threshold drawn. */
function shareBars(
  names: string[],
  values: (number | null)[],
  seriesName: string,
  below: boolean[],
  target?: { value: number; label: string },
): ChartOption {
  return {
    grid: { left: 8, right: 48, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: pctTooltip },
    xAxis: pctAxis,
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 180, overflow: 'truncate', interval: 0 } },
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (p) => pctTooltip(p.value) },
        data: values.map((v, i) => ({ value: pct(v), itemStyle: { color: below[i] ? alarm : palette[0] } })),
        ...(target
          ? {
              markLine: {
                symbol: 'none',
                lineStyle: { color: alarm, type: 'dashed' },
                // The category axis runs top-down (inverse), so the line's start is its top.
                label: { formatter: target.label, position: 'start', color: alarm },
                data: [{ xAxis: pct(target.value) }],
              },
            }
          : {}),
      },
    ],
  };
}

export function GreenChart({ data, query }: Props) {
  const { t } = useTranslation();
  const g = data.green;
  const rows = useMemo(
    () =>
      [
        { key: 'mandatoryLines', certified: g.mandatoryCertifiedLines, base: g.mandatoryLines, lines: true },
        { key: 'mandatoryFen', certified: g.mandatoryCertifiedFen, base: g.mandatoryFen, lines: false },
        { key: 'priorityFen', certified: g.priorityCertifiedFen, base: g.priorityFen, lines: false },
      ] as const,
    [g],
  );
  const label = (key: (typeof rows)[number]['key']) => t(`dashboard.green.${key}`);
  const option = useMemo(
    () =>
      shareBars(
        rows.map((r) => t(`dashboard.green.${r.key}`)),
        rows.map((r) => share(r.certified, r.base)),
        t('dashboard.green.rate'),
        // Mandatory categories allow certified products only: anything under 100% is a finding.
        rows.map((r) => r.key !== 'priorityFen' && r.base > 0 && r.certified < r.base),
      ),
    [rows, t],
  );
  const amount = (r: (typeof rows)[number], v: number) => (r.lines ? t('dashboard.green.lines', { n: v }) : money(v));
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'measure', title: t('dashboard.green.measure'), render: (_: unknown, r) => label(r.key) },
    { key: 'certified', title: t('dashboard.green.certified'), align: 'right', render: (_: unknown, r) => amount(r, r.certified) },
    { key: 'base', title: t('dashboard.green.base'), align: 'right', render: (_: unknown, r) => amount(r, r.base) },
    { key: 'rate', title: t('dashboard.green.rate'), align: 'right', render: (_: unknown, r) => percent(share(r.certified, r.base)) },
  ];
  return (
    <ChartCard
      section="green"
      title={t('dashboard.green.title')}
      hint={t('dashboard.green.hint')}
      query={query}
      option={option}
      height={200}
      columns={columns}
      rows={[...rows]}
      rowKey="key"
      empty={g.mandatoryLines === 0 && g.priorityFen === 0}
    />
  );
}

export function SmeChart({ data, query }: Props) {
  const { t } = useTranslation();
  const s = data.sme;
  const option = useMemo<ChartOption>(() => {
    const slices = [
      { name: t('dashboard.sme.smallMicro'), fen: s.smallMicroFen },
      { name: t('dashboard.sme.medium'), fen: Math.max(0, s.smeFen - s.smallMicroFen) },
      { name: t('dashboard.sme.other'), fen: Math.max(0, s.totalFen - s.smeFen) },
    ];
    return moneyDonut(slices, [palette[2]!, palette[1]!, '#c9d1dc']);
  }, [s, t]);
  const rows = [
    { key: 'total', label: t('dashboard.sme.total'), fen: s.totalFen },
    { key: 'sme', label: t('dashboard.sme.sme'), fen: s.smeFen },
    { key: 'smallMicro', label: t('dashboard.sme.smallMicro'), fen: s.smallMicroFen },
  ];
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'label', dataIndex: 'label', title: t('dashboard.sme.measure') },
    { key: 'fen', dataIndex: 'fen', title: t('dashboard.sme.amount'), align: 'right', render: money },
    { key: 'rate', title: t('dashboard.sme.rate'), align: 'right', render: (_: unknown, r) => percent(share(r.fen, s.totalFen)) },
  ];
  return (
    <ChartCard
      section="sme"
      title={t('dashboard.sme.title')}
      hint={t('dashboard.sme.hint')}
      query={query}
      option={option}
      columns={columns}
      rows={rows}
      rowKey="key"
      empty={s.totalFen === 0}
      summary={
        <Row gutter={16} style={{ marginBottom: 8 }}>
          <Col span={12}>
            <Statistic title={t('dashboard.sme.sme')} value={percent(share(s.smeFen, s.totalFen))} />
          </Col>
          <Col span={12}>
            <Statistic title={t('dashboard.sme.smallMicro')} value={percent(share(s.smallMicroFen, s.totalFen))} />
          </Col>
        </Row>
      }
    />
  );
}

export function ReserveChart({ data, query }: Props) {
  const { t } = useTranslation();
  const s = data.sme;
  const min = policyShare(s.reserveShareMin);
  const units = s.units;
  const option = useMemo(
    () =>
      shareBars(
        units.map((u) => u.name),
        units.map((u) => share(u.reservedFen, u.budgetFen)),
        t('dashboard.reserve.share'),
        units.map((u) => !u.compliant),
        { value: min, label: t('dashboard.reserve.min', { min: percent(min, 0) }) },
      ),
    [units, min, t],
  );
  const columns: TableColumnsType<(typeof units)[number]> = [
    { key: 'name', dataIndex: 'name', title: t('dashboard.reserve.unit') },
    { key: 'budget', dataIndex: 'budgetFen', title: t('dashboard.reserve.budget'), align: 'right', render: money },
    { key: 'reserved', dataIndex: 'reservedFen', title: t('dashboard.reserve.reserved'), align: 'right', render: money },
    {
      key: 'share',
      title: t('dashboard.reserve.share'),
      align: 'right',
      render: (_: unknown, u) => percent(share(u.reservedFen, u.budgetFen)),
    },
    { key: 'smallMicro', dataIndex: 'smallMicroReservedFen', title: t('dashboard.reserve.smallMicro'), align: 'right', render: money },
    {
      key: 'smallMicroShare',
      title: t('dashboard.reserve.smallMicroShare'),
      align: 'right',
      render: (_: unknown, u) => percent(share(u.smallMicroReservedFen, u.reservedFen)),
    },
    {
      key: 'compliant',
      dataIndex: 'compliant',
      title: t('dashboard.reserve.compliant'),
      render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? t('dashboard.reserve.yes') : t('dashboard.reserve.no')}</Tag>,
    },
  ];
  return (
    <ChartCard
      section="sme"
      testId="reserve"
      title={t('dashboard.reserve.title')}
      hint={t('dashboard.reserve.hint', { min: percent(min, 0) })}
      query={query}
      option={option}
      height={Math.max(200, units.length * 30 + 60)}
      columns={columns}
      rows={units}
      rowKey="id"
      empty={units.length === 0}
      emptyText={t('dashboard.reserve.none')}
    />
  );
}

export function SavingsChart({ data, query }: Props) {
  const { t } = useTranslation();
  const rows = data.savings;
  const option = useMemo<ChartOption>(
    () => ({
      color: [palette[6]!, palette[0]!, palette[2]!],
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: yuanLabel },
      xAxis: { type: 'category', data: rows.map((r) => t(`dashboard.channel.${r.channel}`)) },
      yAxis: { type: 'value', name: t('dashboard.chart.amount'), axisLabel: { formatter: wanTick } },
      series: [
        { type: 'bar', name: t('dashboard.savings.base'), data: rows.map((r) => fenToYuan(r.baseFen)), barMaxWidth: 28 },
        { type: 'bar', name: t('dashboard.savings.awarded'), data: rows.map((r) => fenToYuan(r.awardedFen)), barMaxWidth: 28 },
        {
          type: 'bar',
          name: t('dashboard.savings.saved'),
          data: rows.map((r) => fenToYuan(r.savedFen)),
          barMaxWidth: 28,
          label: {
            show: true,
            position: 'top',
            formatter: (p) => percent(share(rows[p.dataIndex]?.savedFen ?? 0, rows[p.dataIndex]?.baseFen ?? 0)),
          },
        },
      ],
    }),
    [rows, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    {
      key: 'channel',
      dataIndex: 'channel',
      title: t('dashboard.savings.channel'),
      render: (c: 'quotation' | 'tender') => t(`dashboard.channel.${c}`),
    },
    { key: 'base', dataIndex: 'baseFen', title: t('dashboard.savings.base'), align: 'right', render: money },
    { key: 'awarded', dataIndex: 'awardedFen', title: t('dashboard.savings.awarded'), align: 'right', render: money },
    { key: 'saved', dataIndex: 'savedFen', title: t('dashboard.savings.saved'), align: 'right', render: money },
    { key: 'rate', title: t('dashboard.savings.rate'), align: 'right', render: (_: unknown, r) => percent(share(r.savedFen, r.baseFen)) },
    { key: 'count', dataIndex: 'count', title: t('dashboard.savings.count'), align: 'right' },
  ];
  return (
    <ChartCard
      section="savings"
      title={t('dashboard.savings.title')}
      hint={t('dashboard.savings.hint')}
      query={query}
      option={option}
      columns={columns}
      rows={rows}
      rowKey="channel"
      empty={rows.every((r) => r.count === 0)}
    />
  );
}

export function VehicleChart({ data, query }: Props) {
  const { t } = useTranslation();
  const regionLabel = useRegionLabel();
  const v = data.vehicles;
  const target = policyShare(v.target);
  // The server names each province in Chinese: the chart and its table name it in the page's language.
  const provinces = useMemo(() => v.provinces.map((p) => ({ ...p, name: regionLabel(p.code, p.name) })), [v.provinces, regionLabel]);
  const option = useMemo(
    () =>
      shareBars(
        provinces.map((p) => p.name),
        provinces.map((p) => share(p.newEnergy, p.vehicles)),
        t('dashboard.vehicles.share'),
        provinces.map((p) => !p.meetsTarget),
        { value: target, label: t('dashboard.chart.target', { value: percent(target, 0) }) },
      ),
    [provinces, target, t],
  );
  const columns: TableColumnsType<(typeof provinces)[number]> = [
    { key: 'name', dataIndex: 'name', title: t('dashboard.vehicles.province') },
    { key: 'vehicles', dataIndex: 'vehicles', title: t('dashboard.vehicles.vehicles'), align: 'right' },
    { key: 'newEnergy', dataIndex: 'newEnergy', title: t('dashboard.vehicles.newEnergy'), align: 'right' },
    {
      key: 'share',
      title: t('dashboard.vehicles.share'),
      align: 'right',
      render: (_: unknown, p) => percent(share(p.newEnergy, p.vehicles)),
    },
    {
      key: 'meets',
      dataIndex: 'meetsTarget',
      title: t('dashboard.vehicles.meets'),
      render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? t('dashboard.reserve.yes') : t('dashboard.reserve.no')}</Tag>,
    },
  ];
  return (
    <ChartCard
      section="vehicles"
      title={t('dashboard.vehicles.title')}
      hint={t('dashboard.vehicles.hint', { target: percent(target, 0) })}
      query={query}
      option={option}
      height={Math.max(200, provinces.length * 30 + 60)}
      columns={columns}
      rows={provinces}
      rowKey="code"
      empty={provinces.length === 0}
      emptyText={t('dashboard.vehicles.none')}
    />
  );
}

export function AuctionChart({ data, query }: Props) {
  const { t } = useTranslation();
  const a = data.auctions;
  const rows = useMemo(
    () => [
      { key: 'sold' as const, count: a.soldCount, color: good },
      { key: 'failed' as const, count: a.failedCount, color: '#8c8c8c' },
      { key: 'defaulted' as const, count: a.defaultedCount, color: alarm },
    ],
    [a],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: rows.map((r) => t(`dashboard.auctions.${r.key}`)) },
      yAxis: { type: 'value', name: t('dashboard.auctions.lots'), minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.auctions.lots'),
          barMaxWidth: 40,
          label: { show: true, position: 'top' },
          data: rows.map((r) => ({ value: r.count, itemStyle: { color: r.color } })),
        },
      ],
    }),
    [rows, t],
  );
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { key: 'outcome', title: t('dashboard.auctions.outcome'), render: (_: unknown, r) => t(`dashboard.auctions.${r.key}`) },
    { key: 'count', dataIndex: 'count', title: t('dashboard.auctions.lots'), align: 'right' },
    {
      key: 'proceeds',
      title: t('dashboard.auctions.proceeds'),
      align: 'right',
      render: (_: unknown, r) => (r.key === 'sold' ? money(a.proceedsFen) : '—'),
    },
    {
      key: 'appraisal',
      title: t('dashboard.auctions.appraisal'),
      align: 'right',
      render: (_: unknown, r) => (r.key === 'sold' ? money(a.appraisalFen) : '—'),
    },
  ];
  return (
    <ChartCard
      section="auctions"
      title={t('dashboard.auctions.title')}
      hint={t('dashboard.auctions.hint')}
      query={query}
      option={option}
      height={220}
      columns={columns}
      rows={rows}
      rowKey="key"
      empty={a.soldCount + a.failedCount + a.defaultedCount === 0}
      summary={
        <Row gutter={16} style={{ marginBottom: 8 }}>
          <Col span={8}>
            <Statistic title={t('dashboard.auctions.proceeds')} value={formatMoney(a.proceedsFen)} styles={{ content: { fontSize: 18 } }} />
          </Col>
          <Col span={8}>
            <Statistic
              title={t('dashboard.auctions.appraisal')}
              value={formatMoney(a.appraisalFen)}
              styles={{ content: { fontSize: 18 } }}
            />
          </Col>
          <Col span={8}>
            <Statistic
              title={t('dashboard.auctions.premium')}
              value={percent(a.appraisalFen > 0 ? (a.proceedsFen - a.appraisalFen) / a.appraisalFen : null)}
              styles={{ content: { fontSize: 18 } }}
            />
          </Col>
        </Row>
      }
    />
  );
}
