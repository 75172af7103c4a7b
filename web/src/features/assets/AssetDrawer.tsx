import { DeleteOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Flex, Grid, Popconfirm, Skeleton, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError, problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useAsset, useOfferAsset, useUploadAssetPhoto, useWriteOffAsset, type AssetDetail } from './api.ts';
import { AssetFacts, AssetHistory, AssetPhotos, AssetStatusTag } from './parts.tsx';
import { writeOffBody } from './schema.ts';

/** What the viewer may do: the owner unit acts on it; others read it (and ask for it in the warehouse). */
export type AssetMode = 'owner' | 'readonly';

const acceptedTypes = ['image/png', 'image/jpeg'];

/** 放入公物仓 and 报废 while the asset is the unit's to dispose of (registered, or received by reallocation). */
function OwnerActions({ asset }: { asset: AssetDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const offer = useOfferAsset();
  const writeOff = useWriteOffAsset();
  const upload = useUploadAssetPhoto();
  const [writingOff, setWritingOff] = useState(false);
  const disposable = asset.status === 'registered' || asset.status === 'reallocated';

  return (
    <Flex vertical gap={12}>
      {disposable ? (
        <Alert type="info" showIcon title={t('assets.detail.offerTitle')} description={t('assets.detail.offerHint')} />
      ) : asset.status === 'offered' ? (
        <Alert
          type="info"
          showIcon
          title={t('assets.detail.offeredTitle', { until: format.dateTime(asset.offeredUntil) })}
          description={t('assets.detail.offeredHint')}
        />
      ) : null}
      <Flex gap={8} wrap>
        <Upload
          accept={acceptedTypes.join(',')}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            if (!acceptedTypes.includes(file.type)) {
              void message.error(t('assets.detail.photoType'));
              return Upload.LIST_IGNORE;
            }
            upload.mutate(
              { assetId: asset.id, file },
              {
                onSuccess: () => void message.success(t('assets.detail.photoDone')),
                onError: (error) => void message.error(problemSummary(error, t)),
              },
            );
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="photo-upload">
            {t('assets.detail.uploadPhoto')}
          </Button>
        </Upload>
        {disposable ? (
          <>
            <Popconfirm
              title={t('assets.detail.offerConfirmTitle')}
              description={<div style={{ maxWidth: 280 }}>{t('assets.detail.offerConfirm')}</div>}
              okText={t('assets.actions.offer')}
              okButtonProps={{ loading: offer.isPending }}
              onConfirm={() =>
                offer.mutateAsync(asset.id).then(
                  (a) => void message.success(t('assets.detail.offerDone', { until: format.dateTime(a.offeredUntil) })),
                  (error: unknown) => void message.error(problemSummary(error, t)),
                )
              }
            >
              <Button type="primary" icon={<InboxOutlined />} data-testid="offer-asset">
                {t('assets.actions.offer')}
              </Button>
            </Popconfirm>
            <Button danger icon={<DeleteOutlined />} onClick={() => setWritingOff(true)} data-testid="write-off-asset">
              {t('assets.actions.writeOff')}
            </Button>
          </>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('assets.detail.photoRule')}
      </Typography.Text>
      <ReasonModal
        open={writingOff}
        title={t('assets.writeOff.title', { name: asset.name })}
        description={t('assets.writeOff.hint')}
        label={t('assets.writeOff.reason')}
        schema={writeOffBody.shape.reason}
        okText={t('assets.actions.writeOff')}
        danger
        pending={writeOff.isPending}
        onClose={() => setWritingOff(false)}
        onSubmit={(reason, callbacks) =>
          writeOff.mutate(
            { assetId: asset.id, reason },
            {
              onSuccess: () => {
                void message.success(t('assets.writeOff.done'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          )
        }
      />
    </Flex>
  );
}

/** The lot number is only in the history's words ("转入公开拍卖 PM202600012"): the latest round's, as a hall search. */
function AuctionLink({ asset }: { asset: AssetDetail }) {
  const { t } = useTranslation();
  const lotNo = asset.history
    .filter((h) => h.kind === 'auctioned')
    .map((h) => /PM\d{6,}/.exec(h.note)?.[0])
    .filter((no): no is string => !!no)
    .at(-1);
  return (
    <Typography.Text type="secondary">
      {t('assets.detail.auctionNote')}{' '}
      <Link to={lotNo ? `/auctions?q=${encodeURIComponent(lotNo)}` : '/auctions'}>
        {lotNo ? t('assets.detail.auctionLinkNo', { no: lotNo }) : t('assets.detail.auctionLink')}
      </Link>
    </Typography.Text>
  );
}

/** 资产详情: photos, the facts, what the unit can do with it, and its history. */
export function AssetDrawer({
  assetId,
  mode,
  onClose,
  extra,
}: {
  assetId: string | null;
  mode: AssetMode;
  onClose: () => void;
  extra?: (asset: AssetDetail) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const asset = useAsset(assetId);
  const a = asset.data;
  return (
    <Drawer
      open={!!assetId}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={
        a ? (
          <Flex gap={8} align="center" wrap>
            <span style={{ overflowWrap: 'anywhere' }}>{a.name}</span>
            <AssetStatusTag status={a.status} />
          </Flex>
        ) : (
          t('assets.detail.title')
        )
      }
      destroyOnHidden
      data-testid="asset-drawer"
    >
      {asset.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : asset.isError ? (
        <LoadError error={asset.error} onRetry={() => void asset.refetch()} />
      ) : a ? (
        <Flex vertical gap={16}>
          <AssetPhotos photos={a.photos} name={a.name} />
          {mode === 'owner' ? <OwnerActions asset={a} /> : null}
          {extra?.(a)}
          {a.status === 'in_auction' || a.status === 'sold' ? <AuctionLink asset={a} /> : null}
          <Card size="small" title={t('assets.detail.facts')}>
            <AssetFacts asset={a} />
          </Card>
          <Card size="small" title={t('assets.detail.history')}>
            <AssetHistory asset={a} />
          </Card>
        </Flex>
      ) : null}
    </Drawer>
  );
}
