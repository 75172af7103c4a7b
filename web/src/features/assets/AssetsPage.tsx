import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Deadline } from '../../app/components/Deadline.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useListParams } from '../../app/listParams.ts';
import { useAssets, type Asset, type AssetStatus } from './api.ts';
import { AssetDrawer } from './AssetDrawer.tsx';
import { AssetStatusTag, ConditionTag, money, Thumb, useCategoryName } from './parts.tsx';
import { RegisterAssetModal } from './RegisterAssetModal.tsx';
import { assetStatuses } from './schema.ts';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';

type View = 'purchaser' | 'approver';

const asStatus = (value: string | undefined): AssetStatus | undefined => assetStatuses.find((s) => s === value);

function useColumns(open: (asset: Asset) => void): TableColumnsType<Asset> {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  return [
    {
      key: 'name',
      title: t('assets.fields.name'),
      fixed: 'left',
      render: (_: unknown, a) => (
        <Flex gap={8} align="center" style={{ minWidth: 180, maxWidth: 280 }}>
          <Thumb photos={a.photos} alt={a.name} size={40} />
          <div style={{ minWidth: 0, whiteSpace: 'normal' }}>
            <Typography.Link onClick={() => open(a)} data-testid="asset-open">
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
        <span style={{ display: 'inline-block', maxWidth: 160, whiteSpace: 'normal' }}>{categoryName(a.categoryCode, a.categoryName)}</span>
      ),
    },
    { key: 'quantity', dataIndex: 'quantity', title: t('assets.fields.quantity'), align: 'right' },
    { key: 'original', dataIndex: 'originalValueFen', title: t('assets.fields.originalValue'), align: 'right', render: money },
    { key: 'net', dataIndex: 'netValueFen', title: t('assets.fields.netValue'), align: 'right', render: money },
    {
      key: 'condition',
      dataIndex: 'condition',
      title: t('assets.fields.condition'),
      render: (c: string) => <ConditionTag condition={c} />,
    },
    {
      key: 'status',
      title: t('assets.fields.status'),
      render: (_: unknown, a) => (
        <Flex vertical gap={2} align="start">
          <AssetStatusTag status={a.status} />
          {a.pendingRequests > 0 ? (
            <Typography.Text type="warning" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('assets.list.pendingRequests', { n: a.pendingRequests })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'until',
      dataIndex: 'offeredUntil',
      title: t('assets.fields.offeredUntil'),
      render: (v: string | null, a) =>
        a.status === 'offered' && v ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Deadline at={v} />
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, a) => (
        <Button size="small" onClick={() => open(a)}>
          {t('common.details')}
        </Button>
      ),
    },
  ];
}

function AssetsView({ view }: { view: View }) {
  const { t } = useTranslation();
  const list = useListParams(['status', 'q']);
  const status = asStatus(list.filters.status);
  const assets = useAssets({ page: list.page, pageSize: list.pageSize, status, q: list.filters.q });
  const [openId, setOpenId] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const columns = useColumns((a) => setOpenId(a.id));
  const filtered = !!status || !!list.filters.q;
  const owner = view === 'purchaser';

  return (
    <>
      <PageTitle
        extra={
          owner ? (
            <>
              <Link to="/purchaser/warehouse">
                <Button>{t('assets.list.toWarehouse')}</Button>
              </Link>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-asset">
                {t('assets.register.open')}
              </Button>
            </>
          ) : null
        }
      >
        {t('assets.list.title')}
      </PageTitle>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {owner ? t('assets.list.intro') : t('assets.list.introReadonly')}
        </Typography.Paragraph>
        <div className="table-filters">
          <Select
            allowClear
            placeholder={t('assets.list.allStatuses')}
            value={status}
            onChange={(v: string | undefined) => list.setFilter('status', v)}
            options={assetStatuses.map((s) => ({ value: s, label: t(`assets.status.${s}`) }))}
            aria-label={t('assets.fields.status')}
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
            path="/api/assets"
            filters={{ status, q: list.filters.q }}
            filename={t('assets.list.title')}
            testId="assets-export"
          />
        </div>
        {assets.isError && !assets.data ? (
          <LoadError error={assets.error} onRetry={() => void assets.refetch()} />
        ) : (
          <Table<Asset>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={assets.data?.items ?? []}
            loading={assets.isFetching}
            pagination={tablePagination(list, assets.data?.total, t)}
            scroll={{ x: 'max-content' }}
            data-testid="assets-table"
            locale={{
              emptyText: assets.isPending ? (
                ' '
              ) : filtered ? (
                <EmptyState title={t('assets.list.emptyFiltered')} hint={t('assets.list.emptyFilteredHint')} />
              ) : (
                <EmptyState title={t('assets.list.empty')} hint={owner ? t('assets.list.emptyHint') : t('assets.list.emptyHintReadonly')} />
              ),
            }}
          />
        )}
      </Card>
      <AssetDrawer assetId={openId} mode={owner ? 'owner' : 'readonly'} onClose={() => setOpenId(null)} />
      {owner ? <RegisterAssetModal open={registering} onClose={() => setRegistering(false)} onCreated={(a) => setOpenId(a.id)} /> : null}
    </>
  );
}

/** 闲置资产 (purchaser): the unit's surplus assets, registration, photos, offering to the warehouse, write-off. */
export function PurchaserAssetsPage() {
  return <AssetsView view="purchaser" />;
}

/** 闲置资产 (approver): the same list, read-only. */
export function ApproverAssetsPage() {
  return <AssetsView view="approver" />;
}
