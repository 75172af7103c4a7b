import { CloudUploadOutlined, FileDoneOutlined, FilePdfOutlined, NotificationOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import type { Tender } from '../tenders/api.ts';
import { usePublishContract, useUploadContract } from './api.ts';

export type ContractNotice = Tender['contractNotices'][number];

/** The contract as recorded: its fields, its document and, once out, its 合同公告; the parties upload and publish. */
export function ContractNoticePanel({ tender, notice, canEdit }: { tender: Tender; notice: ContractNotice; canEdit: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const upload = useUploadContract();
  const publish = usePublishContract();
  const [error, setError] = useState<string | null>(null);
  const published = notice.publishedAt !== null;
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <FileDoneOutlined />
          {published ? t('evaluation.contractNotice.published') : t('evaluation.contractNotice.recorded')}
        </Flex>
      }
      data-testid="contract-notice"
    >
      <Alert
        type="success"
        showIcon
        title={t('evaluation.contract.signed', { no: notice.contractNo, on: notice.signedOn, price: format.money(notice.amountFen) })}
        style={{ marginBottom: 12 }}
        data-testid="contract-signed"
      />
      {error ? <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 12 }} /> : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('tender.contracts.contractNo')}>
          <span className="hash">{notice.contractNo}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('tender.contracts.signedOn')}>{notice.signedOn}</Descriptions.Item>
        <Descriptions.Item label={t('tender.contracts.purchaser')}>{notice.purchaserName}</Descriptions.Item>
        <Descriptions.Item label={t('tender.contracts.supplier')}>{notice.supplierName}</Descriptions.Item>
        <Descriptions.Item label={t('tender.contracts.price')}>{format.money(notice.amountFen)}</Descriptions.Item>
        {notice.amountReason ? (
          <Descriptions.Item label={t('tender.contracts.amountReason')}>{notice.amountReason}</Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('tender.contracts.document')}>
          {notice.document ? (
            <a href={notice.document.url} download data-testid="contract-document">
              <FilePdfOutlined /> {notice.document.filename}
            </a>
          ) : (
            <Typography.Text type="secondary">{t('evaluation.contractNotice.noDocument')}</Typography.Text>
          )}
        </Descriptions.Item>
        {published ? (
          <Descriptions.Item label={t('tender.contracts.publishedAt')}>{format.dateTime(notice.publishedAt!)}</Descriptions.Item>
        ) : null}
      </Descriptions>
      {canEdit && !published ? (
        <Flex wrap gap={8} style={{ marginTop: 12 }}>
          <Upload
            accept="application/pdf,.pdf"
            showUploadList={false}
            customRequest={({ file }) => {
              setError(null);
              upload.mutate(
                { tenderId: tender.id, lotId: notice.lotId, file: file as File },
                {
                  onSuccess: () => void message.success(t('evaluation.contractNotice.uploaded')),
                  onError: (e) => setError(problemSummary(e, t)),
                },
              );
            }}
          >
            <Button icon={<CloudUploadOutlined />} loading={upload.isPending} data-testid="upload-contract">
              {notice.document ? t('evaluation.contractNotice.replace') : t('evaluation.contractNotice.upload')}
            </Button>
          </Upload>
          <Button
            type="primary"
            icon={<NotificationOutlined />}
            disabled={!notice.document}
            loading={publish.isPending}
            onClick={() => {
              setError(null);
              publish.mutate(
                { tenderId: tender.id, lotId: notice.lotId },
                {
                  onSuccess: () => void message.success(t('evaluation.contractNotice.done')),
                  onError: (e) => setError(problemSummary(e, t)),
                },
              );
            }}
            data-testid="publish-contract"
          >
            {t('evaluation.contractNotice.publish')}
          </Button>
          <Typography.Text type="secondary">{t('evaluation.contractNotice.hint')}</Typography.Text>
        </Flex>
      ) : null}
    </Card>
  );
}
