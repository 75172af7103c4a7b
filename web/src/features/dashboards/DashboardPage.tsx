import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Flex, Row, Select, Skeleton, Statistic, Typography } from 'antd';
import { FrameworkFiguresCard } from '../frameworks/FrameworkFiguresCard.tsx';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { LoadError } from '../../app/components/states.tsx';
import { formatMoney } from '../../app/format.ts';
import { useCurrentSession } from '../../app/session.ts';
import { PlanExecutionCard } from '../plans/PlanExecutionCard.tsx';
import { UnitPicker } from '../listFilters/UnitPicker.tsx';
import { useDashboard, type Dashboard, type DashboardQuery } from './api.ts';
import { percent, share } from './figures.ts';
import { AuctionChart, GreenChart, ReserveChart, SavingsChart, SmeChart, VehicleChart } from './policyCharts.tsx';
import { CategoryChart, ChannelChart, MonthChart, RegionChart, UnitChart } from './spendCharts.tsx';
import './dashboards.css';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const regionCode = /^\d{6}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters kept in the URL, dropped when malformed so a bad link still opens the page. */
function useDashboardQuery(overseer: boolean) {
  const [params, setParams] = useSearchParams();
  const pick = (key: string, pattern: RegExp) => {
    const value = params.get(key);
    return value && pattern.test(value) ? value : undefined;
  };
  const query: DashboardQuery = {
    ...(pick('from', isoDay) ? { from: pick('from', isoDay) } : {}),
    ...(pick('to', isoDay) ? { to: pick('to', isoDay) } : {}),
    ...(overseer && pick('regionCode', regionCode) ? { regionCode: pick('regionCode', regionCode) } : {}),
    ...(overseer && pick('organizationId', uuid) ? { organizationId: pick('organizationId', uuid) } : {}),
  };
  const update = (changes: Record<string, string | undefined>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });
  return { query, update, reset: () => setParams(new URLSearchParams()) };
}

/** Provinces and the districts under them, from the catalogue's region names. */
function useRegionOptions() {
  const { t } = useTranslation();
  const names = t('regions', { returnObjects: true }) as Record<string, string>;
  return Object.entries(names)
    .filter(([code]) => code !== '000000')
    .map(([code, name]) => {
      const province = code.endsWith('0000') ? null : names[`${code.slice(0, 2)}0000`];
      return { value: code, label: province ? `${province} / ${name}` : name };
    });
}

/** The unit filter of the oversight dashboard, by name within the caller's jurisdiction. */
function UnitFilter({
  value,
  name,
  onChange,
}: {
  value: string | undefined;
  name: string | null;
  onChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <UnitPicker
      value={value}
      name={name}
      onChange={onChange}
      placeholder={t('dashboard.filters.allUnits')}
      ariaLabel={t('dashboard.filters.unit')}
      testId="unit-filter"
      style={{ minWidth: 240 }}
    />
  );
}

/** Whose figures these are, and for which period: stated above everything else. */
function ScopeLine({ data, own }: { data: Dashboard | undefined; own: string | null }) {
  const { t } = useTranslation();
  const regions = t('regions', { returnObjects: true }) as Record<string, string>;
  if (!data) return null;
  const s = data.scope;
  const who = own
    ? t('dashboard.scope.own', { name: s.organizationName ?? own })
    : s.organizationId
      ? t('dashboard.scope.unit', { name: s.organizationName ?? s.organizationId })
      : s.regionCode
        ? t('dashboard.scope.region', { region: regions[s.regionCode] ?? s.regionCode })
        : t('dashboard.scope.all');
  return (
    <Alert
      type="info"
      showIcon
      data-testid="dashboard-scope"
      style={{ marginBottom: 16 }}
      title={
        <span>
          <Typography.Text strong>
            {t('dashboard.scope.label')}
            {t('common.colon')}
          </Typography.Text>
          {who} · {t('dashboard.scope.period', { from: s.from, to: s.to })}
        </span>
      }
      description={own ? t('dashboard.scope.ownHint') : undefined}
    />
  );
}

function Kpis({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const g = data.green;
  const items = [
    { key: 'spend', title: t('dashboard.kpi.spend'), value: formatMoney(data.totals.spendFen) },
    { key: 'processes', title: t('dashboard.kpi.processes'), value: data.totals.processes.toLocaleString('zh-CN') },
    { key: 'units', title: t('dashboard.kpi.units'), value: data.totals.units.toLocaleString('zh-CN') },
    { key: 'suppliers', title: t('dashboard.kpi.suppliers'), value: data.totals.suppliers.toLocaleString('zh-CN') },
    // Mandatory green purchasing allows certified products only: anything under 100% is shown as a finding.
    {
      key: 'green',
      title: t('dashboard.kpi.greenShare'),
      value: percent(share(g.mandatoryCertifiedLines, g.mandatoryLines)),
      alarm: g.mandatoryCertifiedLines < g.mandatoryLines,
    },
    { key: 'sme', title: t('dashboard.kpi.smeShare'), value: percent(share(data.sme.smeFen, data.sme.totalFen)) },
  ];
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {items.map((k) => (
        <Col key={k.key} xs={12} md={8} xl={4}>
          <Card size="small" data-testid={`kpi-${k.key}`}>
            <Statistic
              title={k.title}
              value={k.value}
              styles={{
                content: { fontSize: 20, fontVariantNumeric: 'tabular-nums', ...('alarm' in k && k.alarm ? { color: '#cf1322' } : {}) },
              }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/**
 * 数据看板: policy figures of the platform for regulators and center staff (any region or unit), and of
 * their own unit for purchasers and approvers (the server holds them to it).
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const overseer = session.user.roles.some((r) => r === 'regulator' || r === 'center_staff');
  const own = overseer ? null : session.organization.name;
  const { query, update, reset } = useDashboardQuery(overseer);
  const dashboard = useDashboard(query);
  const regionOptions = useRegionOptions();
  const data = dashboard.data;
  const range: [Dayjs, Dayjs] | null = data ? [dayjs(data.scope.from), dayjs(data.scope.to)] : null;
  // One unit's figures: its region and unit breakdowns would be a single bar.
  const oneUnit = !!data?.scope.organizationId || !overseer;
  const props = data ? { data, query } : null;

  return (
    <>
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('dashboard.intro')}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={12} align="center" data-testid="dashboard-filters">
          <Flex align="center" gap={8}>
            <Typography.Text>{t('dashboard.filters.range')}</Typography.Text>
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              format="YYYY-MM-DD"
              disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
              onChange={(v) => update({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
              aria-label={t('dashboard.filters.range')}
            />
          </Flex>
          {overseer ? (
            <>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={query.regionCode}
                placeholder={t('dashboard.filters.allRegions')}
                options={regionOptions}
                onChange={(v: string | undefined) => update({ regionCode: v })}
                aria-label={t('dashboard.filters.region')}
                data-testid="region-filter"
                style={{ minWidth: 180 }}
              />
              <UnitFilter
                value={query.organizationId}
                name={data?.scope.organizationName ?? null}
                onChange={(id) => update({ organizationId: id })}
              />
            </>
          ) : null}
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('dashboard.filters.reset')}
          </Button>
        </Flex>
      </Card>

      {dashboard.isError && !data ? (
        <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : !props ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <div style={{ opacity: dashboard.isPlaceholderData ? 0.6 : 1, transition: 'opacity 0.2s' }} aria-busy={dashboard.isFetching}>
          <ScopeLine data={data} own={own} />
          <Kpis data={props.data} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <MonthChart {...props} />
            </Col>
            <Col xs={24} xl={8}>
              <ChannelChart {...props} />
            </Col>
            <Col xs={24} xl={12}>
              <CategoryChart {...props} />
            </Col>
            {oneUnit ? (
              <Col xs={24} xl={12}>
                <SavingsChart {...props} />
              </Col>
            ) : (
              <>
                <Col xs={24} xl={12}>
                  <UnitChart {...props} />
                </Col>
                <Col xs={24} xl={12}>
                  <RegionChart {...props} />
                </Col>
                <Col xs={24} xl={12}>
                  <SavingsChart {...props} />
                </Col>
              </>
            )}
            <Col xs={24} xl={12}>
              <GreenChart {...props} />
            </Col>
            <Col xs={24} xl={12}>
              <SmeChart {...props} />
            </Col>
            <Col xs={24}>
              <ReserveChart {...props} />
            </Col>
            <Col xs={24} xl={12}>
              <VehicleChart {...props} />
            </Col>
            <Col xs={24} xl={12}>
              <AuctionChart {...props} />
            </Col>
            {overseer ? (
              <Col xs={24}>
                <FrameworkFiguresCard />
              </Col>
            ) : null}
            {props.data.scope.organizationId ? (
              <Col xs={24}>
                <PlanExecutionCard organizationId={props.data.scope.organizationId} fiscalYear={Number(props.data.scope.to.slice(0, 4))} />
              </Col>
            ) : null}
          </Row>
        </div>
      )}
    </>
  );
}
