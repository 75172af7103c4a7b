import { MessageOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Modal, Skeleton, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Deadline } from '../../app/components/Deadline.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { SeverityTag, StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useFileAppeal, useSupplierRecord, type PublicExclusion, type RecordEvent, type SupplierRecord } from './api.ts';
import { AppealStatusTag, EvidenceLinks, ExclusionPeriod, exclusionState, ListTypeTag, RegionScope } from './parts.tsx';
import { ScoreCard } from './ScoreCard.tsx';
import { appealBody } from './schema.ts';
import { useServerText } from '../../app/serverText.ts';

function ExclusionsCard({ exclusions }: { exclusions: PublicExclusion[] }) {
  const { t } = useTranslation();
  const inForce = exclusions.filter((x) => x.inForce).length;
  const columns: TableColumnsType<PublicExclusion> = [
    { key: 'listType', title: t('credit.exclusions.listType'), render: (_: unknown, x) => <ListTypeTag listType={x.listType} /> },
    {
      key: 'state',
      title: t('credit.exclusions.state'),
      render: (_: unknown, x) => <StatusTag status={x.inForce ? 'inForce' : exclusionState(x)} />,
    },
    {
      key: 'period',
      title: t('credit.exclusions.period_'),
      render: (_: unknown, x) => <ExclusionPeriod startsOn={x.startsOn} endsOn={x.endsOn} />,
    },
    { key: 'region', title: t('credit.exclusions.region'), render: (_: unknown, x) => <RegionScope code={x.regionCode} /> },
    { key: 'legalBasis', dataIndex: 'legalBasis', title: t('credit.exclusions.legalBasis') },
    {
      key: 'liftedReason',
      dataIndex: 'liftedReason',
      title: t('credit.exclusions.liftedReason'),
      render: (v: string | null) => v ?? t('common.none'),
    },
  ];
  return (
    <Card
      title={t('credit.exclusions.cardTitle')}
      extra={inForce > 0 ? <Tag color="red">{t('credit.exclusions.inForceCount', { n: inForce })}</Tag> : null}
    >
      {inForce > 0 ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('credit.exclusions.inForceWarning')} /> : null}
      <Table<PublicExclusion>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={exclusions}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState title={t('credit.exclusions.noneTitle')} hint={t('credit.exclusions.noneHint')} /> }}
      />
    </Card>
  );
}

/** In place of the evidence and appeals of an event another area recorded: they are kept there, not absent. */
function Elsewhere() {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{t('credit.elsewhere.kept')}</Typography.Text>;
}

export function AppealsTimeline({ event }: { event: RecordEvent }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (event.appeals.length === 0) return <Typography.Text type="secondary">{t('credit.appeals.none')}</Typography.Text>;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={event.appeals.map((a) => ({
        key: a.id,
        content: (
          <div>
            <Flex gap={8} wrap align="center">
              <AppealStatusTag status={a.status} />
              <Typography.Text type="secondary">{t('credit.appeals.filedAt', { at: format.dateTime(a.createdAt) })}</Typography.Text>
            </Flex>
            <Typography.Paragraph style={{ margin: '4px 0 0' }}>{a.reason}</Typography.Paragraph>
            {a.decidedAt ? (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
                {t('credit.appeals.decided', { at: format.dateTime(a.decidedAt), reason: a.decisionReason ?? '' })}
              </Typography.Paragraph>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

/**
 * The facts of one event that do not fit a table row: description, reference, evidence, appeals.
 * A plain grid, bounded by the viewport: inside the expanded row of a max-content table a
 * Descriptions (a 100%-wide table) has no width to resolve against and grows without end.
 */
export function EventFacts({ event }: { event: RecordEvent }) {
  const { t } = useTranslation();
  const words = useServerText();
  const facts: [string, React.ReactNode][] = [
    [
      t('credit.events.description'),
      event.recordedElsewhere ? <Elsewhere /> : <span style={{ whiteSpace: 'pre-wrap' }}>{words(event.description)}</span>,
    ],
    [t('credit.events.sourceRef'), event.recordedElsewhere ? <Elsewhere /> : (event.sourceRef ?? t('common.none'))],
    [t('credit.evidence.title'), event.recordedElsewhere ? <Elsewhere /> : <EvidenceLinks files={event.evidence} />],
    [t('credit.appeals.title'), event.recordedElsewhere ? <Elsewhere /> : <AppealsTimeline event={event} />],
  ];
  return (
    <div className="event-facts">
      {facts.map(([label, value]) => (
        <Fragment key={label}>
          <Typography.Text type="secondary">{label}</Typography.Text>
          <div>{value}</div>
        </Fragment>
      ))}
    </div>
  );
}

interface AppealForm {
  reason: string;
}

function AppealModal({ event, onClose }: { event: RecordEvent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const [form] = Form.useForm<AppealForm>();
  const appeal = useFileAppeal();
  const problem = useFormProblem(form, ['reason']);

  return (
    <Modal
      open={!!event}
      title={t('credit.appeals.fileTitle')}
      okText={t('credit.appeals.submit')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: appeal.isPending, disabled: appeal.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
        appeal.reset();
      }}
      destroyOnHidden
    >
      {event ? (
        <>
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 12 }}
            items={[
              { key: 'title', label: t('credit.events.title'), children: words(event.title) },
              { key: 'deadline', label: t('credit.events.appealDeadline'), children: <Deadline at={event.appealDeadline} /> },
            ]}
          />
          <Typography.Paragraph type="secondary">
            {t('credit.appeals.fileHint', { at: format.dateTime(event.appealDeadline) })}
          </Typography.Paragraph>
          {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
          <Form
            form={form}
            layout="vertical"
            disabled={appeal.isPending}
            onFinish={(values) =>
              appeal.mutate({ eventId: event.id, reason: values.reason.trim() }, { onSuccess: onClose, onError: problem.onError })
            }
          >
            <Form.Item
              name="reason"
              required
              label={t('credit.appeals.reason')}
              rules={[zodRule(appealBody.shape.reason, t('credit.appeals.reason'), t)]}
              extra={t('credit.appeals.reasonHint')}
            >
              <Input.TextArea rows={5} maxLength={5000} showCount />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

function EventsCard({ record, canAppeal }: { record: SupplierRecord; canAppeal: boolean }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const [appealing, setAppealing] = useState<RecordEvent | null>(null);

  const columns: TableColumnsType<RecordEvent> = [
    {
      key: 'status',
      dataIndex: 'status',
      title: t('credit.events.status'),
      render: (s: RecordEvent['status']) => <StatusTag status={s} />,
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('credit.events.title'),
      render: (_: string, e) => (
        <Flex gap={6} align="center" wrap>
          {words(e.title)}
          {e.recordedElsewhere ? (
            <Tooltip title={t('credit.elsewhere.hint')}>
              <Tag>{t('credit.elsewhere.tag')}</Tag>
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { key: 'source', dataIndex: 'source', title: t('credit.events.source'), render: (s: RecordEvent['source']) => t(`credit.source.${s}`) },
    {
      key: 'severity',
      dataIndex: 'severity',
      title: t('credit.events.severity'),
      render: (s: RecordEvent['severity'], e) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <SeverityTag severity={s} />{' '}
          <Typography.Text type="secondary">{t('credit.events.pointsShort', { points: e.points })}</Typography.Text>
        </span>
      ),
    },
    { key: 'occurredAt', dataIndex: 'occurredAt', title: t('credit.events.occurredAt'), render: (v: string) => format.dateTime(v) },
    {
      key: 'confirmedAt',
      dataIndex: 'confirmedAt',
      title: t('credit.events.confirmedAt'),
      render: (v: string | null) => format.dateTime(v),
    },
    {
      key: 'appealDeadline',
      dataIndex: 'appealDeadline',
      title: t('credit.events.appealDeadline'),
      render: (v: string | null) => <Deadline at={v} />,
    },
    {
      key: 'decisionReason',
      dataIndex: 'decisionReason',
      title: t('credit.events.decisionReason'),
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      key: 'evidence',
      title: t('credit.evidence.title'),
      render: (_: unknown, e) => (e.recordedElsewhere ? <Elsewhere /> : <EvidenceLinks files={e.evidence} />),
    },
    {
      key: 'appeals',
      title: t('credit.appeals.title'),
      fixed: 'right',
      render: (_: unknown, e) => {
        if (e.recordedElsewhere) return <Elsewhere />;
        const latest = e.appeals[0];
        return (
          <Flex gap={6} align="center" wrap={false}>
            {latest ? <AppealStatusTag status={latest.status} /> : null}
            {canAppeal && e.canAppeal ? (
              <Button size="small" type="primary" icon={<MessageOutlined />} onClick={() => setAppealing(e)}>
                {t('credit.appeals.file')}
              </Button>
            ) : latest ? null : (
              t('common.none')
            )}
          </Flex>
        );
      },
    },
  ];

  return (
    <Card title={t('credit.events.recordTitle')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('credit.events.recordHint')}
      </Typography.Paragraph>
      <Table<RecordEvent>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={record.events}
        pagination={record.events.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (e) => <EventFacts event={e} />, rowExpandable: () => true }}
        locale={{ emptyText: <EmptyState title={t('credit.events.noneTitle')} hint={t('credit.events.noneHint')} /> }}
      />
      <AppealModal event={appealing} onClose={() => setAppealing(null)} />
    </Card>
  );
}

/**
 * A supplier's whole credit record (GET /api/credit/suppliers/{id}/record): the score and its
 * explanation, exclusions, and every event with evidence and appeals. The supplier sees its own and
 * may appeal; the regulator and center staff see any supplier's.
 */
export function SupplierRecordView({
  supplierId,
  canAppeal = false,
  header,
}: {
  supplierId: string;
  canAppeal?: boolean;
  header?: (record: SupplierRecord) => React.ReactNode;
}) {
  const record = useSupplierRecord(supplierId);
  if (record.isPending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  if (record.isError) return <LoadError error={record.error} onRetry={() => void record.refetch()} />;
  return (
    <Flex vertical gap={16}>
      {header ? header(record.data) : null}
      <ScoreCard record={record.data} />
      <ExclusionsCard exclusions={record.data.exclusions} />
      <EventsCard record={record.data} canAppeal={canAppeal} />
    </Flex>
  );
}
