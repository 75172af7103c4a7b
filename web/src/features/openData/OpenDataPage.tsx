import { ApiOutlined, CloudDownloadOutlined, DatabaseOutlined, LinkOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Flex, Row, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, apiPath, buildUrl, type ApiFilters, type ApiQuery } from '../../app/api.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';

const kinds = ['tender', 'quotation', 'order', 'auction', 'framework', 'rotation'] as const;
type Kind = (typeof kinds)[number];
const kindColors: Record<Kind, string> = {
  tender: 'blue',
  quotation: 'cyan',
  order: 'geekblue',
  auction: 'orange',
  framework: 'purple',
  rotation: 'magenta',
};

/** One published process of GET /api/ocds/processes. */
export interface OcdsProcess {
  kind: Kind;
  id: string;
  ocid: string;
  title: string;
  date: string;
  status: string;
  releasesUrl: string;
  recordUrl: string;
}

export const bulkReleasesUrl = apiPath('/api/ocds/bulk/releases.json');
export const bulkRecordsUrl = apiPath('/api/ocds/bulk/records.json');
export const feedUrl = buildUrl(apiPath('/api/ocds/releases'), { limit: 100 });

function useProcesses(query: ApiFilters<'/api/ocds/processes'> & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['public', 'ocds', 'processes', query],
    queryFn: ({ signal }) => api.get('/api/ocds/processes', { params: { query: query as ApiQuery<'/api/ocds/processes'> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** A link to a JSON file of the API, opened in a new tab (the browser shows or saves it). */
function JsonLink({ href, children, testId }: { href: string; children: React.ReactNode; testId?: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" data-testid={testId}>
      {children}
    </a>
  );
}

/**
 * 开放数据: what the platform publishes under OCDS 1.1.5 and its licence, the bulk files, the paged feed,
 * and every published process with its release package and record. Public, no login.
 */
export default function OpenDataPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams(['kind']);
  const kind = kinds.find((k) => k === list.filters.kind);
  const processes = useProcesses({ kind, page: list.page, pageSize: list.pageSize });
  // The process's own state on the platform, named as its list pages name it; an OCDS codelist value
  // (or anything else) by the open-data names, else as sent.
  const names = (key: 'tender.status' | 'orders.status' | 'quotation.status' | 'auction.status' | 'openData.status') =>
    t(key, { returnObjects: true }) as Record<string, string>;
  const byKind: Record<Kind, Record<string, string>> = {
    tender: names('tender.status'),
    order: names('orders.status'),
    quotation: names('quotation.status'),
    auction: names('auction.status'),
    framework: t('framework.status', { returnObjects: true }) as Record<string, string>,
    rotation: t('framework.rotationStatus', { returnObjects: true }) as Record<string, string>,
  };
  const ocdsNames = names('openData.status');
  const statusName = (kind: Kind, status: string) => byKind[kind][status] ?? ocdsNames[status] ?? status;

  const columns: TableColumnsType<OcdsProcess> = [
    {
      key: 'kind',
      dataIndex: 'kind',
      title: t('openData.list.kind'),
      render: (k: Kind) => <Tag color={kindColors[k]}>{t(`openData.kind.${k}`)}</Tag>,
    },
    { key: 'ocid', dataIndex: 'ocid', title: t('openData.list.ocid'), render: (v: string) => <span className="hash">{v}</span> },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('openData.list.title'),
      render: (v: string) => <span style={{ display: 'inline-block', minWidth: 160, maxWidth: 320, whiteSpace: 'normal' }}>{v}</span>,
    },
    {
      key: 'date',
      dataIndex: 'date',
      title: t('openData.list.date'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    { key: 'status', dataIndex: 'status', title: t('openData.list.status'), render: (v: string, p) => <Tag>{statusName(p.kind, v)}</Tag> },
    {
      key: 'links',
      title: t('openData.list.links'),
      render: (_: unknown, p) => (
        <Flex gap={12} style={{ whiteSpace: 'nowrap' }}>
          <JsonLink href={p.releasesUrl} testId="release-link">
            {t('openData.list.releases')}
          </JsonLink>
          <JsonLink href={p.recordUrl} testId="record-link">
            {t('openData.list.record')}
          </JsonLink>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <section className="home-hero">
        <div className="home-hero-inner">
          <h1>
            <DatabaseOutlined /> {t('openData.title')}
          </h1>
          <p>{t('openData.intro')}</p>
        </div>
      </section>
      <div className="app-content">
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={14}>
            <Card title={t('openData.standard')} size="small" style={{ height: '100%' }}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'standard',
                    label: t('openData.standard'),
                    children: (
                      <a href="https://standard.open-contracting.org/1.1/" target="_blank" rel="noreferrer">
                        {t('openData.standardValue')}
                      </a>
                    ),
                  },
                  { key: 'publisher', label: t('openData.publisher'), children: t('openData.publisherValue') },
                  {
                    key: 'licence',
                    label: t('openData.licence'),
                    children: (
                      <a href="https://creativecommons.org/licenses/by/4.0/" target="_blank" rel="noreferrer" data-testid="licence">
                        {t('openData.licenceValue')}
                      </a>
                    ),
                  },
                  { key: 'ocid', label: t('openData.ocid'), children: t('openData.ocidValue') },
                  { key: 'published', label: t('openData.published'), children: t('openData.publishedValue') },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Flex vertical gap={16} style={{ height: '100%' }}>
              <Card title={t('openData.bulk')} size="small">
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('openData.bulkHint')}
                </Typography.Paragraph>
                <Flex gap={8} wrap>
                  <a href={bulkReleasesUrl} download data-testid="bulk-releases">
                    <Button icon={<CloudDownloadOutlined />}>{t('openData.bulkReleases')}</Button>
                  </a>
                  <a href={bulkRecordsUrl} download data-testid="bulk-records">
                    <Button icon={<CloudDownloadOutlined />}>{t('openData.bulkRecords')}</Button>
                  </a>
                </Flex>
              </Card>
              <Card title={t('openData.feed')} size="small">
                <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                  {t('openData.feedHint')}
                </Typography.Paragraph>
                <Flex gap={8} wrap align="center">
                  <JsonLink href={feedUrl} testId="feed-link">
                    <ApiOutlined /> {t('openData.feedLink')}
                  </JsonLink>
                  <Typography.Text code copyable={{ text: `${window.location.origin}${feedUrl}` }}>
                    GET {feedUrl}
                  </Typography.Text>
                </Flex>
              </Card>
            </Flex>
          </Col>
        </Row>
        <Card
          title={
            <span>
              <LinkOutlined /> {t('openData.processes')}
            </span>
          }
        >
          <div className="table-filters">
            <Segmented
              value={kind ?? 'all'}
              onChange={(v) => list.setFilter('kind', v === 'all' ? undefined : v)}
              options={[
                { value: 'all', label: t('openData.kind.all') },
                ...kinds.map((k) => ({ value: k, label: t(`openData.kind.${k}`) })),
              ]}
              data-testid="kind-filter"
              style={{ flex: 'none', maxWidth: '100%', overflowX: 'auto' }}
            />
            <ExportButtons path="/api/ocds/processes" filters={{ kind }} filename={t('openData.processes')} testId="processes-export" />
          </div>
          {processes.isError && !processes.data ? (
            <LoadError error={processes.error} onRetry={() => void processes.refetch()} />
          ) : (
            <Table<OcdsProcess>
              rowKey={(p) => `${p.kind}-${p.id}`}
              size="small"
              columns={columns}
              dataSource={processes.data?.items ?? []}
              loading={processes.isFetching}
              pagination={tablePagination(list, processes.data?.total, t)}
              scroll={{ x: 'max-content' }}
              data-testid="processes-table"
              locale={{
                emptyText: processes.isPending ? ' ' : <EmptyState title={t('openData.list.empty')} hint={t('openData.list.emptyHint')} />,
              }}
            />
          )}
        </Card>
      </div>
    </>
  );
}
