import {
  CheckOutlined,
  ExportOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Drawer, Flex, Form, Grid, Popconfirm, Skeleton, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError, problemText } from '../../app/components/states.tsx';
import { fenToYuanInput, formatMoney, useFormat } from '../../app/format.ts';
import { useFormProblem } from '../../app/forms.ts';
import { useListing, useListingAction, usePriceHistory, useUpdateListing, type Listing, type ListingAction } from './api.ts';
import { certificatesOf, listingBody, ListingFields, listingFields, resolveListingField, type ListingValues } from './ListingForm.tsx';
import { CategoryTag, CertificateList, ListingStatusTag, OtherAreaTag, PriceFlag, RegionList } from './parts.tsx';
import { canTransition, reasonRequiredBody } from './schema.ts';

export type ListingMode = 'supplier' | 'center';

const formValues = (l: Listing): ListingValues => ({
  price: fenToYuanInput(l.priceFen),
  stock: l.stock,
  deliveryRegions: l.deliveryRegions,
  leadTimeDays: l.leadTimeDays,
  certificates: certificatesOf(l),
});

/** Edit price, stock, regions, lead time and certificates, sending the version read (a 409 says reload). */
function EditListingForm({ listing, onReload }: { listing: Listing; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ListingValues>();
  const update = useUpdateListing();
  const problem = useFormProblem(form, listingFields, resolveListingField);
  // The version a save was refused at (409): a reload brings a newer one and the warning goes.
  const [conflictAt, setConflictAt] = useState<number | null>(null);
  const conflict = conflictAt === listing.version;

  // A fresh read (after a save, an action or a reload) replaces what the form shows.
  useEffect(() => {
    form.setFieldsValue(formValues(listing));
  }, [form, listing]);

  return (
    <>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('catalogue.listing.conflict')}
          data-testid="listing-conflict"
          action={
            <Button size="small" onClick={onReload}>
              {t('catalogue.listing.reload')}
            </Button>
          }
        />
      ) : null}
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
      ) : null}
      <Form<ListingValues>
        form={form}
        layout="vertical"
        disabled={update.isPending}
        initialValues={formValues(listing)}
        onValuesChange={() => problem.formError && problem.clear()}
        onFinish={(values) =>
          update.mutate(
            { listingId: listing.id, body: { ...listingBody(values), version: listing.version } },
            {
              onSuccess: (saved) => {
                void message.success(saved.status !== listing.status ? t('catalogue.listing.savedToReview') : t('catalogue.listing.saved'));
              },
              onError: (error) => {
                if (isApiProblem(error) && error.status === 409) {
                  setConflictAt(listing.version);
                  return;
                }
                problem.onError(error);
              },
            },
          )
        }
      >
        <ListingFields />
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" loading={update.isPending} disabled={update.isPending}>
            {t('catalogue.listing.save')}
          </Button>
          <Button onClick={() => form.setFieldsValue(formValues(listing))} disabled={update.isPending}>
            {t('catalogue.listing.undo')}
          </Button>
        </Flex>
        {listing.status === 'active' ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            {t('catalogue.listing.activeEditHint')}
          </Typography.Paragraph>
        ) : null}
      </Form>
    </>
  );
}

function PriceHistory({ listingId }: { listingId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const history = usePriceHistory(listingId);
  if (history.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (history.isError) return <LoadError error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <Table
      rowKey={(r) => `${r.changedAt}-${r.priceFen}`}
      size="small"
      data-testid="price-history"
      pagination={history.data.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      dataSource={history.data.items}
      columns={[
        { key: 'changedAt', dataIndex: 'changedAt', title: t('catalogue.listing.changedAt'), render: (v: string) => format.dateTime(v) },
        {
          key: 'price',
          dataIndex: 'priceFen',
          title: t('catalogue.listing.fields.price'),
          align: 'right',
          render: (v: number) => formatMoney(v),
        },
      ]}
    />
  );
}

/** The buttons for the listing's state: the state machine of catalogue.rules.ts decides which apply. */
export function ListingActions({ listing, mode, compact = false }: { listing: Listing; mode: ListingMode; compact?: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const act = useListingAction();
  const [asking, setAsking] = useState<'reject' | 'suspend' | null>(null);
  const can = (action: ListingAction) => canTransition(action, listing.status);
  const run = (action: ListingAction, reason?: string, callbacks?: { onSuccess: () => void; onError: (error: unknown) => void }) =>
    act.mutate(
      { listingId: listing.id, action, ...(reason ? { reason } : {}) },
      {
        onSuccess: () => {
          void message.success(t(`catalogue.actions.done.${action}`));
          callbacks?.onSuccess();
        },
        onError: (error) =>
          callbacks ? callbacks.onError(error) : void modal.error({ title: t(`catalogue.actions.failed`), content: problemText(error, t) }),
      },
    );

  if (mode === 'center' && listing.manageable === false) return <OtherAreaTag kind="listing" />;
  const buttons: React.ReactNode[] = [];
  if (mode === 'supplier') {
    if (can('submit'))
      buttons.push(
        <Button
          key="submit"
          size={compact ? 'small' : 'middle'}
          type="primary"
          icon={<SendOutlined />}
          loading={act.isPending}
          onClick={() => run('submit')}
          data-testid="action-submit"
        >
          {t('catalogue.actions.submit')}
        </Button>,
      );
    if (can('delist') && !compact)
      buttons.push(
        <Popconfirm
          key="delist"
          title={t('catalogue.actions.delistConfirm')}
          description={t('catalogue.actions.delistHint')}
          okText={t('catalogue.actions.delist')}
          okButtonProps={{ danger: true }}
          onConfirm={() => run('delist')}
        >
          <Button size={compact ? 'small' : 'middle'} danger icon={<StopOutlined />} disabled={act.isPending}>
            {t('catalogue.actions.delist')}
          </Button>
        </Popconfirm>,
      );
  } else {
    if (can('approve'))
      buttons.push(
        <Popconfirm
          key="approve"
          title={t('catalogue.actions.approveConfirm')}
          description={t('catalogue.actions.approveHint')}
          okText={t('catalogue.actions.approve')}
          onConfirm={() => run('approve')}
        >
          <Button
            size={compact ? 'small' : 'middle'}
            type="primary"
            icon={<CheckOutlined />}
            disabled={act.isPending}
            data-testid="action-approve"
          >
            {t('catalogue.actions.approve')}
          </Button>
        </Popconfirm>,
      );
    if (can('reject'))
      buttons.push(
        <Button
          key="reject"
          size={compact ? 'small' : 'middle'}
          icon={<RollbackOutlined />}
          disabled={act.isPending}
          onClick={() => setAsking('reject')}
        >
          {t('catalogue.actions.reject')}
        </Button>,
      );
    if (can('suspend'))
      buttons.push(
        <Button
          key="suspend"
          size={compact ? 'small' : 'middle'}
          danger
          icon={<PauseCircleOutlined />}
          disabled={act.isPending}
          onClick={() => setAsking('suspend')}
        >
          {t('catalogue.actions.suspend')}
        </Button>,
      );
    if (can('reactivate'))
      buttons.push(
        <Button
          key="reactivate"
          size={compact ? 'small' : 'middle'}
          icon={<PlayCircleOutlined />}
          loading={act.isPending}
          onClick={() => run('reactivate')}
        >
          {t('catalogue.actions.restore')}
        </Button>,
      );
  }

  return (
    <>
      {buttons.length ? (
        <Flex gap={compact ? 4 : 8} wrap={!compact} className={compact ? 'row-actions' : undefined}>
          {buttons}
        </Flex>
      ) : null}
      <ReasonModal
        open={asking !== null}
        title={asking ? t(`catalogue.actions.${asking}Title`, { name: listing.productName }) : ''}
        description={asking ? t(`catalogue.actions.${asking}Hint`) : undefined}
        label={t('catalogue.actions.reason')}
        schema={reasonRequiredBody.shape.reason}
        okText={asking ? t(`catalogue.actions.${asking}`) : ''}
        danger={asking === 'suspend'}
        pending={act.isPending}
        onSubmit={(reason, callbacks) => asking && run(asking, reason, callbacks)}
        onClose={() => setAsking(null)}
      />
    </>
  );
}

/** One listing: its facts and review notes, the actions its state allows, the edit form (supplier), price history. */
export function ListingDrawer({ listingId, mode, onClose }: { listingId: string | null; mode: ListingMode; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const screens = Grid.useBreakpoint();
  const listing = useListing(listingId);
  const l = listing.data;

  let body: React.ReactNode = null;
  if (listing.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (listing.isError) body = <LoadError error={listing.error} onRetry={() => void listing.refetch()} />;
  else if (l)
    body = (
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <ListingStatusTag status={l.status} />
          <Link to={`/products/${encodeURIComponent(l.productId)}`} target="_blank">
            {t('catalogue.listing.viewProduct')} <ExportOutlined />
          </Link>
        </Flex>
        {l.priceFlag ? (
          <Alert type="warning" showIcon title={t('catalogue.listing.flagged')} description={<PriceFlag flag={l.priceFlag} />} />
        ) : null}
        {l.status === 'draft' && l.reviewNote ? (
          <Alert type="error" showIcon title={t('catalogue.listing.rejected')} description={l.reviewNote} data-testid="review-note" />
        ) : null}
        {l.status === 'suspended' && l.statusReason ? (
          <Alert type="warning" showIcon title={t('catalogue.listing.suspendedWhy')} description={l.statusReason} />
        ) : null}
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            ...(mode === 'center' ? [{ key: 'supplier', label: t('catalogue.listing.supplier'), children: l.supplierName }] : []),
            { key: 'brand', label: t('catalogue.listing.brandModel'), children: `${l.brand} · ${l.model}` },
            { key: 'category', label: t('catalogue.product.category'), children: <CategoryTag code={l.categoryCode} /> },
            { key: 'price', label: t('catalogue.listing.fields.price'), children: formatMoney(l.priceFen) },
            { key: 'stock', label: t('catalogue.listing.fields.stock'), children: l.stock },
            {
              key: 'regions',
              label: t('catalogue.listing.fields.deliveryRegions'),
              children: <RegionList codes={l.deliveryRegions} max={20} />,
            },
            {
              key: 'lead',
              label: t('catalogue.listing.fields.leadTimeDays'),
              children: t('catalogue.product.days', { n: l.leadTimeDays }),
            },
            { key: 'certs', label: t('catalogue.cert.title'), children: <CertificateList certificates={l.certificates} /> },
            { key: 'updated', label: t('catalogue.listing.updatedAt'), children: format.dateTime(l.updatedAt) },
          ]}
        />
        <ListingActions listing={l} mode={mode} />
        {mode === 'supplier' && l.status !== 'delisted' ? (
          <>
            <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
              {t('catalogue.listing.editTitle')}
            </Divider>
            <EditListingForm listing={l} onReload={() => void listing.refetch()} />
          </>
        ) : null}
        <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
          {t('catalogue.listing.priceHistory')}
        </Divider>
        <PriceHistory listingId={l.id} />
      </Flex>
    );

  return (
    <Drawer
      open={listingId !== null}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={l ? l.productName : t('catalogue.listing.drawerTitle')}
      destroyOnHidden
      data-testid="listing-drawer"
    >
      {body}
    </Drawer>
  );
}
