import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { SeverityTag, StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCreditEvents, type CreditEvent } from './api.ts';
import { EventDrawer, type EventsMode } from './EventDrawer.tsx';
import { RecordEventModal } from './RecordEventModal.tsx';
import { creditEventStatusSchema, creditSourceSchema } from './schema.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { useServerText } from '../../app/serverText.ts';

const statuses = creditEventStatusSchema.options;
const sources = creditSourceSchema.options;

/**
 * 信用记录: every credit event with filters; the regulator confirms or revokes recorded ones, center
 * staff see the list read-only and may record tender misconduct.
 */
function EventsPage({ mode }: { mode: EventsMode }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const list = useListParams(['status', 'source', 'q']);
  const events = useCreditEvents({ page: list.page, pageSize: list.pageSize, ...list.filters });
  const [selected, setSelected] = useState<CreditEvent | null>(null);
  const [recording, setRecording] = useState(false);
  const recordPath = (supplierId: string) => `/${mode}/credit/suppliers/${encodeURIComponent(supplierId)}`;

  const columns: TableColumnsType<CreditEvent> = [
    {
      key: 'supplier',
      dataIndex: 'supplierName',
      title: t('credit.events.supplier'),
      render: (name: string | undefined, e) => <Link to={recordPath(e.supplierId)}>{name ?? e.supplierId}</Link>,
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('credit.events.title'),
      render: (_: string, e) => (
        <Typography.Link onClick={() => setSelected(e)} data-testid="event-open">
          {words(e.title)}
        </Typography.Link>
      ),
    },
    { key: 'source', dataIndex: 'source', title: t('credit.events.source'), render: (s: CreditEvent['source']) => t(`credit.source.${s}`) },
    {
      key: 'severity',
      dataIndex: 'severity',
      title: t('credit.events.severity'),
      render: (s: CreditEvent['severity'], e) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <SeverityTag severity={s} />{' '}
          <Typography.Text type="secondary">{t('credit.events.pointsShort', { points: e.points })}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('credit.events.status'),
      render: (s: CreditEvent['status']) => <StatusTag status={s} />,
    },
    { key: 'occurredAt', dataIndex: 'occurredAt', title: t('credit.events.occurredAt'), render: (v: string) => format.dateTime(v) },
    {
      key: 'appealDeadline',
      dataIndex: 'appealDeadline',
      title: t('credit.events.appealDeadline'),
      render: (v: string | null) => <Deadline at={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, e) => (
        <Button size="small" type={mode === 'regulator' && e.status === 'recorded' ? 'primary' : 'default'} onClick={() => setSelected(e)}>
          {mode === 'regulator' && e.status === 'recorded' ? t('credit.events.review') : t('common.details')}
        </Button>
      ),
    },
  ];

  const filtered = Object.values(list.filters).some(Boolean);

  return (
    <>
      <PageTitle
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
            {t('credit.record.open')}
          </Button>
        }
      >
        {t('credit.events.pageTitle')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {mode === 'regulator' ? t('credit.events.introRegulator') : t('credit.events.introCenter')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('credit.events.allStatuses')}
            value={list.filters.status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            aria-label={t('credit.events.status')}
          />
          <Select
            allowClear
            placeholder={t('credit.events.allSources')}
            value={list.filters.source}
            onChange={(v: string | undefined) => list.setFilter('source', v)}
            options={sources.map((s) => ({ value: s, label: t(`credit.source.${s}`) }))}
            aria-label={t('credit.events.source')}
          />
          <Input.Search
            key={list.filters.q ?? ''}
            allowClear
            defaultValue={list.filters.q}
            maxLength={50}
            placeholder={t('credit.events.searchPlaceholder')}
            onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
            enterButton={t('common.search')}
          />
          <ExportButtons path="/api/credit/events" filters={list.filters} filename={t('menu.creditEvents')} testId="events-export" />
        </div>
        {events.isError && !events.data ? (
          <LoadError error={events.error} onRetry={() => void events.refetch()} />
        ) : (
          <Table<CreditEvent>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={events.data?.items ?? []}
            loading={events.isFetching}
            pagination={tablePagination(list, events.data?.total, t)}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: events.isPending ? (
                ' '
              ) : (
                <EmptyState
                  title={filtered ? t('credit.events.emptyFiltered') : t('credit.events.empty')}
                  hint={filtered ? t('credit.events.emptyFilteredHint') : t('credit.events.emptyHint')}
                />
              ),
            }}
          />
        )}
      </Card>
      <EventDrawer event={selected} mode={mode} onClose={() => setSelected(null)} onChanged={setSelected} />
      <RecordEventModal
        open={recording}
        defaultSource={mode === 'center' ? 'tender_misconduct' : 'regulator_penalty'}
        onClose={() => setRecording(false)}
        onCreated={setSelected}
      />
    </>
  );
}

export function RegulatorEventsPage() {
  return <EventsPage mode="regulator" />;
}

export function CenterEventsPage() {
  return <EventsPage mode="center" />;
}
