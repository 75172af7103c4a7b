import { ApartmentOutlined, HistoryOutlined, LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Input, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { auditActions, auditEntityTypes } from '@contracts/audit.schemas.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError, problemText } from '../../app/components/states.tsx';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCurrentSession } from '../../app/session.ts';
import { useAuditEntries, useOrganizationOptions, useVerifyAuditChain, type AuditEntry, type AuditVerification } from './api.ts';
import { entityPath, useAuditWords } from './auditWords.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';

function VerificationResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  if (result.ok || !result.firstBroken) {
    return (
      <Alert
        type="success"
        showIcon
        title={
          <Flex gap={8} align="center">
            {t('admin.audit.okTitle')} <StatusTag status="verified" />
          </Flex>
        }
        description={t('admin.audit.ok', { checked: result.checked })}
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      title={
        <Flex gap={8} align="center">
          {t('admin.audit.brokenTitle')} <StatusTag status="broken" />
        </Flex>
      }
      description={
        <Typography.Text type="danger" strong>
          {t('admin.audit.broken', {
            seq: result.firstBroken.seq,
            reason: result.firstBroken.reason,
            checked: result.checked,
          })}
        </Typography.Text>
      }
    />
  );
}

/** The organization filter: a search-as-you-type list of organizations (asked only while open). */
function OrganizationFilter({
  value,
  name,
  onChange,
}: {
  value: string | undefined;
  name: string | null;
  onChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDeferredValue(search.trim());
  const found = useOrganizationOptions(q, open);
  const options = (found.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: name ?? `${value.slice(0, 8)}…` });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={t('admin.audit.allOrganizations')}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.empty')}
      options={options}
      onOpenChange={setOpen}
      onChange={(id: string | undefined) => onChange(id)}
      aria-label={t('admin.audit.organization')}
      data-testid="audit-organization-filter"
    />
  );
}

const filterKeys = ['person', 'actorUserId', 'organizationId', 'action', 'entityType', 'entityId', 'from', 'to'] as const;

/** Marks where the thing goes in a sentence, so the page can put a link there. */
const THING = '\u2063THING\u2063';

export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useCurrentSession();
  const words = useAuditWords();
  const list = useListParams(filterKeys);
  const f = list.filters;
  const actions = f.action ? f.action.split(',').filter(Boolean) : [];
  // What the server takes: the actions as a repeated parameter; the page keeps them comma-joined in its URL.
  const filters = { ...f, action: actions.length ? actions : undefined };
  const entries = useAuditEntries({ page: list.page, pageSize: list.pageSize, ...filters });
  const verify = useVerifyAuditChain();
  const rows = entries.data?.items ?? [];
  const first = rows[0];

  const setFilters = list.setFilters;
  const anyFilter = filterKeys.some((k) => f[k] !== undefined);

  /** The sentence, its thing linked to the thing's page when the reader may open one. */
  const sentence = (e: AuditEntry) => {
    const to = entityPath(e, session.user.roles);
    const thing = words.entity(e);
    const [before = '', after] = to ? words.sentence(e, THING).split(THING) : [];
    return (
      <span data-testid="audit-sentence">
        {to && after !== undefined ? (
          <>
            {/^[（「]/.test(thing) ? before.trimEnd() : before}
            <Link to={to} data-testid="audit-entity-link">
              {thing}
            </Link>
            {/[）」]$/.test(thing) ? after.trimStart() : after}
          </>
        ) : (
          words.sentence(e)
        )}
        {e.sealed ? (
          <Tooltip title={t('admin.audit.sealedHint')}>
            <LockOutlined style={{ marginInlineStart: 6 }} aria-label={t('admin.audit.sealedHint')} />
          </Tooltip>
        ) : null}
      </span>
    );
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'occurredAt',
      dataIndex: 'occurredAt',
      title: t('admin.audit.occurredAt'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    {
      key: 'what',
      title: t('admin.audit.what'),
      // Wide enough for most sentences on one line; a longer one wraps instead of widening the table.
      width: 560,
      render: (_: unknown, e: AuditEntry) => (
        <Flex vertical gap={2} style={{ minWidth: 240 }}>
          {sentence(e)}
          <Typography.Text type="secondary" className="hash">
            {e.action}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'narrow',
      title: t('admin.audit.filtersTitle'),
      render: (_: unknown, e: AuditEntry) => (
        <Space size={0}>
          {e.actorUserId ? (
            <Tooltip title={t('admin.audit.byPerson')}>
              <Button
                type="link"
                size="small"
                icon={<UserOutlined />}
                aria-label={t('admin.audit.byPerson')}
                data-testid="audit-by-person"
                onClick={() => setFilters({ actorUserId: e.actorUserId ?? undefined, person: undefined })}
              />
            </Tooltip>
          ) : null}
          {e.actorOrgId ? (
            <Tooltip title={t('admin.audit.byOrganization')}>
              <Button
                type="link"
                size="small"
                icon={<ApartmentOutlined />}
                aria-label={t('admin.audit.byOrganization')}
                onClick={() => setFilters({ organizationId: e.actorOrgId ?? undefined })}
              />
            </Tooltip>
          ) : null}
          {e.sealed ? null : (
            <Tooltip title={t('admin.audit.byEntity')}>
              <Button
                type="link"
                size="small"
                icon={<HistoryOutlined />}
                aria-label={t('admin.audit.byEntity')}
                onClick={() => setFilters({ entityType: e.entityType, entityId: e.entityId })}
              />
            </Tooltip>
          )}
        </Space>
      ),
    },
    { key: 'seq', dataIndex: 'seq', title: t('admin.audit.seq'), align: 'right' },
    {
      key: 'hash',
      dataIndex: 'hash',
      title: t('admin.audit.hash'),
      render: (v: string) => (
        <Tooltip title={<span className="hash">{v}</span>}>
          <span className="hash">{v.slice(0, 12)}…</span>
        </Tooltip>
      ),
    },
  ];

  const range: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null =
    f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null;

  return (
    <>
      <PageTitle>{t('admin.audit.title')}</PageTitle>
      <Flex vertical gap={16}>
        <Card>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('admin.audit.intro')}
          </Typography.Paragraph>
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            disabled={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t('admin.audit.verify')}
          </Button>
          <div style={{ marginTop: 12 }} aria-live="polite">
            {verify.isPending ? (
              <Flex gap={12} align="center">
                <Spin />
                <Typography.Text>{t('admin.audit.verifying')}</Typography.Text>
              </Flex>
            ) : verify.isError ? (
              <Alert type="error" showIcon title={problemText(verify.error, t)} />
            ) : verify.data ? (
              <VerificationResult result={verify.data} />
            ) : null}
          </div>
        </Card>
        <Card>
          <div className="table-filters" data-testid="audit-filters">
            <Input.Search
              key={f.person ?? ''}
              allowClear
              defaultValue={f.person}
              placeholder={t('admin.audit.personPlaceholder')}
              aria-label={t('admin.audit.person')}
              onSearch={(v) => setFilters({ person: v.trim() || undefined, actorUserId: undefined })}
              enterButton={t('common.search')}
              data-testid="audit-person-filter"
            />
            <OrganizationFilter
              value={f.organizationId}
              name={first && first.actorOrgId === f.organizationId ? first.organizationName : null}
              onChange={(id) => setFilters({ organizationId: id })}
            />
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              value={actions}
              placeholder={t('admin.audit.allActions')}
              aria-label={t('admin.audit.actions')}
              showSearch={{
                filterOption: (input, option) =>
                  `${String(option?.label ?? '')} ${String(option?.value ?? '')}`.toLowerCase().includes(input.trim().toLowerCase()),
              }}
              options={auditActions.map((a) => ({ value: a, label: words.actionName(a) }))}
              onChange={(v: string[]) => setFilters({ action: v.length ? v.join(',') : undefined })}
              data-testid="audit-action-filter"
            />
            <Select
              allowClear
              value={f.entityType}
              placeholder={t('admin.audit.allEntityTypes')}
              aria-label={t('admin.audit.entityType')}
              options={auditEntityTypes.map((type) => ({ value: type, label: words.typeName(type) }))}
              onChange={(v: string | undefined) => setFilters({ entityType: v, entityId: undefined })}
              data-testid="audit-type-filter"
            />
            <DatePicker.RangePicker
              value={range}
              format="YYYY-MM-DD"
              allowEmpty={[true, true]}
              aria-label={t('admin.audit.range')}
              placeholder={[t('admin.audit.fromDay'), t('admin.audit.toDay')]}
              onChange={(v) => setFilters({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
              data-testid="audit-range-filter"
            />
            <ExportButtons path="/api/admin/audit" filters={filters} filename={t('admin.audit.title')} testId="audit-export" />
          </div>
          {anyFilter ? (
            <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }} data-testid="audit-active-filters">
              {f.actorUserId ? (
                <Tag closable onClose={() => setFilters({ actorUserId: undefined })}>
                  {t('admin.audit.onePerson', {
                    name:
                      first && first.actorUserId === f.actorUserId && first.actorName ? first.actorName : `${f.actorUserId.slice(0, 8)}…`,
                  })}
                </Tag>
              ) : null}
              {f.entityId ? (
                <Tag closable onClose={() => setFilters({ entityId: undefined })}>
                  {t('admin.audit.oneEntity', {
                    entity: first && first.entityId === f.entityId ? words.entity(first) : f.entityId,
                  })}
                </Tag>
              ) : null}
              <Typography.Text type="secondary">{t('admin.audit.total', { total: entries.data?.total ?? 0 })}</Typography.Text>
              <Button
                size="small"
                onClick={() => setFilters(Object.fromEntries(filterKeys.map((k) => [k, undefined])))}
                data-testid="audit-clear"
              >
                {t('admin.audit.clear')}
              </Button>
            </Flex>
          ) : null}
          {entries.isError && !entries.data ? (
            <LoadError error={entries.error} onRetry={() => void entries.refetch()} />
          ) : (
            <Table<AuditEntry>
              rowKey="seq"
              size="small"
              columns={columns}
              dataSource={rows}
              loading={entries.isFetching}
              pagination={tablePagination(list, entries.data?.total, t)}
              scroll={{ x: 'max-content' }}
              data-testid="audit-table"
              locale={{
                emptyText: entries.isPending ? ' ' : <EmptyState title={t('admin.audit.empty')} hint={t('admin.audit.emptyHint')} />,
              }}
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
