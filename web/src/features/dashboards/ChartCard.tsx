import { BarChartOutlined, FileExcelOutlined, FileTextOutlined, TableOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, problemSummary } from '../../app/components/states.tsx';
import { exportSection, type DashboardQuery, type DashboardSection, type ExportFormat } from './api.ts';
import { EChart, type ChartOption } from './EChart.tsx';

/** CSV and Excel of one section's table, with the page's filters (GET /api/dashboards/export). */
function SectionDownloads({ section, query, filename }: { section: DashboardSection; query: DashboardQuery; filename: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const download = (format: ExportFormat) => {
    setBusy(format);
    exportSection(section, format, query, filename)
      .then((name) => void message.success(t('exports.done', { name })))
      .catch((error: unknown) => void message.error(`${t('exports.failed')}${t('common.colon')}${problemSummary(error, t)}`))
      .finally(() => setBusy(null));
  };
  return (
    <>
      <Tooltip title={t('exports.csv')}>
        <Button
          size="small"
          icon={<FileTextOutlined />}
          loading={busy === 'csv'}
          aria-label={t('exports.csv')}
          onClick={() => download('csv')}
          data-testid={`export-${section}-csv`}
        >
          CSV
        </Button>
      </Tooltip>
      <Tooltip title={t('exports.xlsx')}>
        <Button
          size="small"
          icon={<FileExcelOutlined />}
          loading={busy === 'xlsx'}
          aria-label={t('exports.xlsx')}
          onClick={() => download('xlsx')}
          data-testid={`export-${section}-xlsx`}
        >
          Excel
        </Button>
      </Tooltip>
    </>
  );
}

export interface ChartCardProps<Row extends object> {
  section: DashboardSection;
  /** data-testid of the card; the section name unless two cards share a section. */
  testId?: string;
  title: string;
  /** The rule or definition behind the figures, in words. */
  hint: string;
  query: DashboardQuery;
  option: ChartOption;
  height?: number;
  columns: TableColumnsType<Row>;
  rows: Row[];
  rowKey: keyof Row & string;
  /** No figures to draw: an empty state instead of an empty chart. */
  empty?: boolean;
  emptyText?: string;
  /** Figures above the chart (totals the chart does not show). */
  summary?: React.ReactNode;
}

/** A chart with its definition, a 查看数据 toggle to the same figures as a table, and its downloads. */
export function ChartCard<Row extends object>(props: ChartCardProps<Row>) {
  const { t } = useTranslation();
  const [showData, setShowData] = useState(false);
  const testId = props.testId ?? props.section;
  return (
    <Card
      title={props.title}
      size="small"
      className="dashboard-card"
      data-testid={`chart-${testId}`}
      extra={
        <Flex gap={4} wrap>
          <Button
            size="small"
            type={showData ? 'primary' : 'default'}
            icon={showData ? <BarChartOutlined /> : <TableOutlined />}
            onClick={() => setShowData((v) => !v)}
            aria-pressed={showData}
            data-testid={`toggle-${testId}`}
          >
            {showData ? t('dashboard.chart.showChart') : t('dashboard.chart.showData')}
          </Button>
          <SectionDownloads section={props.section} query={props.query} filename={props.title} />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 0 }}>
        {props.hint}
      </Typography.Paragraph>
      {props.summary}
      {props.empty ? (
        <div style={{ padding: '24px 0' }}>
          <EmptyState title={props.emptyText ?? t('dashboard.chart.empty')} hint={t('dashboard.chart.emptyHint')} />
        </div>
      ) : showData ? (
        <Table<Row>
          size="small"
          rowKey={props.rowKey}
          columns={props.columns}
          dataSource={props.rows}
          pagination={props.rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          data-testid={`data-${testId}`}
        />
      ) : (
        <EChart option={props.option} height={props.height} label={props.title} />
      )}
    </Card>
  );
}
