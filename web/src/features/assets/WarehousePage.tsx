import { SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Select, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Deadline } from '../../app/components/Deadline.tsx';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCurrentSession } from '../../app/session.ts';
import { CategorySelect } from '../experts/parts.tsx';
import { useReallocationRequests, useRequestAsset, useWarehouse, type Asset, type ReallocationRequest, type RequestStatus } from './api.ts';
import { AssetDrawer } from './AssetDrawer.tsx';
import { ConditionTag, money, RequestStatusTag, Thumb, useCategoryName } from './parts.tsx';
import { reallocationStatuses, requestBody } from './schema.ts';

const asRequestStatus = (value: string | undefined): RequestStatus | undefined => reallocationStatuses.find((s) => s === value);

/** The unit's own requests by asset, so the warehouse can say 已申请 instead of offering the button again. */
function useOwnRequests(orgId: string) {
  const requests = useReallocationRequests({ page: 1, pageSize: 200 });
  const byAsset = new Map<string, ReallocationRequest>();
  for (const r of requests.data?.items ?? []) if (r.requestingOrgId === orgId) byAsset.set(r.assetId, r);
  return byAsset;
}

function RequestButton({
  asset,
  own,
  mine,
  onRequest,
}: {
  asset: Asset;
  own: boolean;
  mine: ReallocationRequest | undefined;
  onRequest: (a: Asset) => void;
}) {
  const { t } = useTranslation();
  if (own) {
    return (
      <Tooltip title={t('assets.warehouse.ownHint')}>
        <Tag style={{ marginInlineEnd: 0 }}>{t('assets.warehouse.own')}</Tag>
      </Tooltip>
    );
  }
  if (mine) return <RequestStatusTag status={mine.status} />;
  return (
    <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => onRequest(asset)} data-testid="request-asset">
      {t('assets.actions.request')}
    </Button>
  );
}

function BrowseTab({ onOpen, onRequest }: { onOpen: (a: Asset) => void; onRequest: (a: Asset) => void }) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const list = useListParams(['category', 'q']);
  const warehouse = useWarehouse({ page: list.page, pageSize: list.pageSize, category: list.filters.category, q: list.filters.q });
  const mine = useOwnRequests(session.organization.id);
  const categoryName = useCategoryName();
  const filtered = !!list.filters.category || !!list.filters.q;
  const columns: TableColumnsType<Asset> = [
    {
      key: 'name',
      title: t('assets.fields.name'),
      fixed: 'left',
      render: (_: unknown, a) => (
        <Flex gap={8} align="center" style={{ minWidth: 170, maxWidth: 260 }}>
          <Thumb photos={a.photos} alt={a.name} size={40} />
          <div style={{ minWidth: 0, whiteSpace: 'normal' }}>
            <Typography.Link onClick={() => onOpen(a)} data-testid="warehouse-open">
              {a.name}
            </Typography.Link>
            <Typography.Text type="secondary" className="hash" style={{ display: 'block' }}>
              {a.assetNo}
            </Typography.Text>
          </div>
        </Flex>
      ),
    },
    {
      key: 'category',
      title: t('assets.fields.category'),
      render: (_: unknown, a) => (
        <span style={{ display: 'inline-block', maxWidth: 150, whiteSpace: 'normal' }}>{categoryName(a.categoryCode, a.categoryName)}</span>
      ),
    },
    {
      key: 'owner',
      dataIndex: 'ownerName',
      title: t('assets.fields.owner'),
      render: (v: string) => <span style={{ display: 'inline-block', maxWidth: 180, whiteSpace: 'normal' }}>{v}</span>,
    },
    { key: 'quantity', dataIndex: 'quantity', title: t('assets.fields.quantity'), align: 'right' },
    {
      key: 'condition',
      dataIndex: 'condition',
      title: t('assets.fields.condition'),
      render: (c: string) => <ConditionTag condition={c} />,
    },
    { key: 'net', dataIndex: 'netValueFen', title: t('assets.fields.netValue'), align: 'right', render: money },
    {
      key: 'until',
      dataIndex: 'offeredUntil',
      title: t('assets.fields.offeredUntil'),
      render: (v: string | null) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Deadline at={v} />
        </span>
      ),
    },
    { key: 'requests', dataIndex: 'pendingRequests', title: t('assets.warehouse.requests'), align: 'right' },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, a) => (
        <RequestButton asset={a} own={a.ownerOrgId === session.organization.id} mine={mine.get(a.id)} onRequest={onRequest} />
      ),
    },
  ];
  return (
    <>
      <div className="table-filters">
        <CategorySelect
          value={list.filters.category}
          onChange={(v) => list.setFilter('category', typeof v === 'string' ? v : undefined)}
          placeholder={t('assets.warehouse.categoryFilter')}
          aria-label={t('assets.warehouse.categoryFilter')}
        />
        <Input.Search
          key={list.filters.q ?? ''}
          allowClear
          defaultValue={list.filters.q}
          maxLength={50}
          placeholder={t('assets.list.searchPlaceholder')}
          onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
          enterButton={t('common.search')}
        />
        <ExportButtons
          path="/api/warehouse"
          filters={{ category: list.filters.category, q: list.filters.q }}
          filename={t('assets.warehouse.title')}
          testId="warehouse-export"
        />
      </div>
      {warehouse.isError && !warehouse.data ? (
        <LoadError error={warehouse.error} onRetry={() => void warehouse.refetch()} />
      ) : (
        <Table<Asset>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={warehouse.data?.items ?? []}
          loading={warehouse.isFetching}
          pagination={tablePagination(list, warehouse.data?.total, t)}
          scroll={{ x: 'max-content' }}
          data-testid="warehouse-table"
          locale={{
            emptyText: warehouse.isPending ? (
              ' '
            ) : filtered ? (
              <EmptyState title={t('assets.warehouse.emptyFiltered')} hint={t('assets.list.emptyFilteredHint')} />
            ) : (
              <EmptyState title={t('assets.warehouse.empty')} hint={t('assets.warehouse.emptyHint')} />
            ),
          }}
        />
      )}
    </>
  );
}

/** The requests the unit made and those made for its assets, with their states. */
export function RequestsTab({ onOpen }: { onOpen: (assetId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useCurrentSession();
  const list = useListParams(['status']);
  const status = asRequestStatus(list.filters.status);
  const requests = useReallocationRequests({ page: list.page, pageSize: list.pageSize, status });
  const columns: TableColumnsType<ReallocationRequest> = [
    {
      key: 'asset',
      title: t('assets.requests.asset'),
      fixed: 'left',
      render: (_: unknown, r) => (
        <div style={{ minWidth: 140, maxWidth: 220, whiteSpace: 'normal' }}>
          <Typography.Link onClick={() => onOpen(r.assetId)}>{r.assetName}</Typography.Link>
          <Typography.Text type="secondary" className="hash" style={{ display: 'block' }}>
            {r.assetNo}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'direction',
      title: t('assets.requests.direction'),
      render: (_: unknown, r) =>
        r.requestingOrgId === session.organization.id ? (
          <Tag color="blue">{t('assets.requests.outgoing', { owner: r.ownerName })}</Tag>
        ) : (
          <Tag color="purple" style={{ whiteSpace: 'normal' }}>
            {t('assets.requests.incoming', { unit: r.requestingOrgName })}
          </Tag>
        ),
    },
    {
      key: 'reason',
      dataIndex: 'reason',
      title: t('assets.requests.reason'),
      render: (v: string) => (
        <span style={{ display: 'inline-block', minWidth: 140, maxWidth: 260, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{v}</span>
      ),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('assets.requests.status'),
      render: (s: RequestStatus) => <RequestStatusTag status={s} />,
    },
    {
      key: 'decision',
      title: t('assets.requests.decision'),
      render: (_: unknown, r) =>
        r.decidedAt ? (
          <span style={{ display: 'inline-block', maxWidth: 240, whiteSpace: 'normal' }}>
            {r.decisionReason ?? ''}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {format.dateTime(r.decidedAt)}
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('assets.requests.awaiting')}
          </Typography.Text>
        ),
    },
    {
      key: 'created',
      dataIndex: 'createdAt',
      title: t('assets.requests.createdAt'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
  ];
  return (
    <>
      <div className="table-filters">
        <Select
          allowClear
          placeholder={t('assets.requests.allStatuses')}
          value={status}
          onChange={(v: string | undefined) => list.setFilter('status', v)}
          options={reallocationStatuses.map((s) => ({ value: s, label: t(`assets.requestStatus.${s}`) }))}
          aria-label={t('assets.requests.status')}
        />
        <ExportButtons
          path="/api/reallocation-requests"
          filters={{ status }}
          filename={t('assets.warehouse.requestsTab')}
          testId="requests-export"
        />
      </div>
      {requests.isError && !requests.data ? (
        <LoadError error={requests.error} onRetry={() => void requests.refetch()} />
      ) : (
        <Table<ReallocationRequest>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={requests.data?.items ?? []}
          loading={requests.isFetching}
          pagination={tablePagination(list, requests.data?.total, t)}
          scroll={{ x: 'max-content' }}
          data-testid="requests-table"
          locale={{
            emptyText: requests.isPending ? ' ' : <EmptyState title={t('assets.requests.empty')} hint={t('assets.requests.emptyHint')} />,
          }}
        />
      )}
    </>
  );
}

/** 公物仓 (purchaser): what other units offer now, 申请调剂 with a reason, and the unit's requests. */
export default function WarehousePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [tabParams, setTab] = useTabParam();
  const [openId, setOpenId] = useState<string | null>(null);
  const [requesting, setRequesting] = useState<Asset | null>(null);
  const request = useRequestAsset();

  return (
    <>
      <PageTitle>{t('assets.warehouse.title')}</PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('assets.warehouse.intro')}
        </Typography.Paragraph>
        <Tabs
          activeKey={tabParams}
          onChange={setTab}
          destroyOnHidden
          items={[
            {
              key: 'browse',
              label: t('assets.warehouse.browseTab'),
              children: <BrowseTab onOpen={(a) => setOpenId(a.id)} onRequest={setRequesting} />,
            },
            { key: 'requests', label: t('assets.warehouse.requestsTab'), children: <RequestsTab onOpen={setOpenId} /> },
          ]}
        />
      </Card>
      <AssetDrawer assetId={openId} mode="readonly" onClose={() => setOpenId(null)} />
      <ReasonModal
        open={!!requesting}
        title={t('assets.request.title', { name: requesting?.name ?? '' })}
        description={requesting ? t('assets.request.hint', { owner: requesting.ownerName }) : null}
        label={t('assets.request.reason')}
        schema={requestBody.shape.reason}
        okText={t('assets.request.submit')}
        pending={request.isPending}
        onClose={() => setRequesting(null)}
        onSubmit={(reason, callbacks) =>
          requesting &&
          request.mutate(
            { assetId: requesting.id, reason },
            {
              onSuccess: () => {
                void message.success(t('assets.request.done'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          )
        }
      />
    </>
  );
}

/** The open tab, kept in the URL (?tab=requests) so a reload or a shared link shows the same list. */
function useTabParam(): [string, (key: string) => void] {
  const list = useListParams(['tab']);
  const tab = list.filters.tab === 'requests' ? 'requests' : 'browse';
  return [tab, (key) => list.setFilter('tab', key === 'browse' ? undefined : key)];
}
