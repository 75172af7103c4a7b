import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemSummary } from '../../app/components/states.tsx';
import { fileSize, useBidFiles, type BidFile } from '../tenders/files.tsx';
import type { ScoreSheet, SheetLot } from './api.ts';

/** One bid's files: each a download (recorded by the server), its size and the SHA-256 of the PDF as sealed. */
function BidFileList({ files }: { files: BidFile[] }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={6}>
      {files.map((f) => (
        <Flex key={f.id} vertical gap={2} data-testid="sheet-bid-file">
          <Flex gap={8} wrap align="center">
            {f.state === 'opened' ? (
              <a href={f.url} download data-testid="sheet-bid-file-download">
                <FilePdfOutlined /> {f.filename}
              </a>
            ) : (
              <span>
                <FilePdfOutlined /> {f.filename}
              </span>
            )}
            <Typography.Text type="secondary">{fileSize(f.sizeBytes)}</Typography.Text>
          </Flex>
          {f.sha256 ? (
            <Flex gap={4} wrap style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">{t('tender.files.fileHash')}</Typography.Text>
              <Typography.Text className="hash" copyable style={{ wordBreak: 'break-all' }} data-testid="sheet-bid-file-sha">
                {f.sha256}
              </Typography.Text>
            </Flex>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

/** A lot's bids, each with its files (or a line saying it has none): the sheet's bids, and any other bid with files. */
function LotFiles({ lot, files }: { lot: SheetLot; files: BidFile[] }) {
  const { t } = useTranslation();
  const bidders = new Map(lot.bids.map((b) => [b.bidId, b.supplierName]));
  for (const f of files) if (!bidders.has(f.bidId)) bidders.set(f.bidId, f.supplierName);
  const bids = [...bidders].sort(([a, x], [b, y]) => x.localeCompare(y, 'zh-CN') || a.localeCompare(b));
  return (
    <Flex vertical gap={8} data-testid="sheet-bid-files-lot">
      <Typography.Text strong>{t('evaluation.report.lotTitle', { n: lot.lotNo, name: lot.name })}</Typography.Text>
      {bids.length === 0 ? <Typography.Text type="secondary">{t('evaluation.sheet.noBids')}</Typography.Text> : null}
      {bids.map(([bidId, supplierName]) => {
        const ofBid = files.filter((f) => f.bidId === bidId);
        return (
          <div key={bidId} className="sheet-bid" data-testid="sheet-bid-files-bid">
            <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
              {supplierName}
            </Typography.Text>
            {ofBid.length ? (
              <BidFileList files={ofBid} />
            ) : (
              <Typography.Text type="secondary">{t('tender.files.noBidFiles')}</Typography.Text>
            )}
          </div>
        );
      })}
    </Flex>
  );
}

/**
 * 投标文件 on the expert's own page, once the expert has declared no conflict: every opened bid's files, lot by
 * lot and bid by bid, as the opening decrypted them. The server lets only a seated, declared member read them
 * after the opening; each download is recorded in the audit log.
 */
export function SheetBidFiles({ sheet }: { sheet: ScoreSheet }) {
  const { t } = useTranslation();
  const files = useBidFiles(sheet.tenderId);
  const rows = files.data ?? [];
  return (
    <Card size="small" title={t('tender.files.bidFiles')} data-testid="sheet-bid-files">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('evaluation.files.hint')}
      </Typography.Paragraph>
      {files.isError ? (
        <Alert type="warning" showIcon title={problemSummary(files.error, t)} />
      ) : files.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Flex vertical gap={12}>
          {sheet.lots.map((lot) => (
            <LotFiles key={lot.lotId} lot={lot} files={rows.filter((f) => f.lotId === lot.lotId)} />
          ))}
        </Flex>
      )}
    </Card>
  );
}
