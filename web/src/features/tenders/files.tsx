import { CloudUploadOutlined, FilePdfOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { api, apiUpload, isApiProblem } from '../../app/api.ts';
import { problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import type { bidFileSchema, tenderDocumentFileSchema } from '@contracts/tender-files.schemas.ts';
import { Sha } from '../quotations/parts.tsx';
import type { Tender } from './api.ts';
import { biddingOpen, useExactTime } from './parts.tsx';
import { methodOf } from './schema.ts';

export type DocumentFile = z.infer<typeof tenderDocumentFileSchema>;
export type BidFile = z.infer<typeof bidFileSchema>;

/** What the server takes for a 招标文件 or 投标文件: a PDF of at most 20 MB (tenders.files.routes.ts). */
export const MAX_PDF_MB = 20;

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const documentFilesKey = (tenderId: string) => ['tenders', 'document-files', tenderId] as const;
const bidFilesKey = (tenderId: string) => ['tenders', 'bid-files', tenderId] as const;

/** 招标文件 as uploaded PDFs, every version (a draft's only to its center). */
export function useDocumentFiles(tenderId: string) {
  return useQuery({
    queryKey: documentFilesKey(tenderId),
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/document-files', { params: { path: { id: tenderId } }, signal }),
  });
}

/** Bid files: a bidder's own at any time; every opened bid's to the center, the unit and the seated, declared committee after the opening (409 before). */
export function useBidFiles(tenderId: string, enabled = true) {
  return useQuery({
    queryKey: bidFilesKey(tenderId),
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/bid-files', { params: { path: { id: tenderId } }, signal }),
    enabled,
    retry: (count, error) => !(isApiProblem(error) && error.status < 500) && count < 2,
  });
}

/** Why this file cannot go up (not a PDF, over 20 MB, empty), before it is sent; null when it may. */
export function pdfProblem(file: File, t: TFunction): string | null {
  const isPdf = file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
  if (!isPdf) return t('tender.files.notPdf', { name: file.name });
  if (file.size > MAX_PDF_MB * 1024 * 1024) return t('tender.files.tooLarge', { name: file.name, max: MAX_PDF_MB });
  if (file.size === 0) return t('tender.files.empty', { name: file.name });
  return null;
}

interface InFlight {
  uid: string;
  name: string;
  percent: number;
}

/**
 * PDF uploads of one place: each file checked here first (a PDF, at most 20 MB, not empty) so a wrong one is
 * named at once, then sent with its progress; a refusal by the server is shown with the file's name.
 */
function usePdfUploads(send: (file: File, onProgress: (percent: number) => void) => Promise<unknown>, onDone: () => Promise<unknown>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [inFlight, setInFlight] = useState<InFlight[]>([]);
  const [error, setError] = useState<string | null>(null);
  const start = (file: File) => {
    const problem = pdfProblem(file, t);
    if (problem) {
      setError(problem);
      return;
    }
    setError(null);
    const uid = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    setInFlight((xs) => [...xs, { uid, name: file.name, percent: 0 }]);
    send(file, (percent) => setInFlight((xs) => xs.map((x) => (x.uid === uid ? { ...x, percent } : x))))
      .then(
        async () => {
          await onDone();
          void message.success(t('tender.files.uploaded', { name: file.name }));
        },
        (e: unknown) => setError(t('tender.files.refused', { name: file.name, reason: problemSummary(e, t) })),
      )
      .finally(() => setInFlight((xs) => xs.filter((x) => x.uid !== uid)));
  };
  return { inFlight, error, start };
}

/** The upload button with the files going up (antd's list with their progress) and what went wrong. */
function PdfUpload({
  uploads,
  label,
  hint,
  before,
  testId,
}: {
  uploads: ReturnType<typeof usePdfUploads>;
  label: string;
  hint: string;
  /** Asked before a file goes up (an amendment's warning): false keeps it back. */
  before?: ((file: File) => Promise<boolean>) | undefined;
  testId: string;
}) {
  const list: UploadFile[] = uploads.inFlight.map((u) => ({ uid: u.uid, name: u.name, status: 'uploading', percent: u.percent }));
  return (
    <Flex vertical gap={4} data-testid={testId}>
      <Upload
        accept="application/pdf,.pdf"
        multiple
        fileList={list}
        showUploadList={{ showRemoveIcon: false }}
        beforeUpload={(file) => {
          if (before) void before(file).then((go) => go && uploads.start(file));
          else uploads.start(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<CloudUploadOutlined />} loading={uploads.inFlight.length > 0} data-testid={`${testId}-button`}>
          {label}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
      {uploads.error ? <Alert type="error" showIcon title={uploads.error} data-testid={`${testId}-error`} /> : null}
    </Flex>
  );
}

/**
 * 招标文件 as PDF versions, each with its date, size and hash; signed-in readers download them (recorded). The
 * running center uploads the first before publishing, and a new version while bidding, which is a 修改招标文件:
 * it asks first, since every bid in becomes invalid and the deadline may move.
 */
export function DocumentFiles({ tender, canUpload, signedIn }: { tender: Tender; canUpload: boolean; signedIn: boolean }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const format = useFormat();
  const client = useQueryClient();
  const files = useDocumentFiles(tender.id);
  const rows = files.data ?? [];
  const latest = rows.at(-1)?.version;
  const bidding = tender.status === 'bidding';
  const method = methodOf(tender.methodCode);
  const uploads = usePdfUploads(
    (file, onProgress) => apiUpload('/api/tenders/{id}/document-files', file, { path: { id: tender.id }, onProgress }),
    () =>
      Promise.all([
        client.invalidateQueries({ queryKey: documentFilesKey(tender.id) }),
        client.invalidateQueries({ queryKey: ['tenders', 'detail', tender.id] }),
        client.invalidateQueries({ queryKey: ['public', 'tender', tender.id] }),
      ]),
  );
  const confirmAmendment = (file: File) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('tender.files.amendTitle', { name: file.name }),
        content: t('tender.files.amendBody', { days: method?.clarificationMinDays ?? 15 }),
        okText: t('tender.files.amendSubmit'),
        okButtonProps: { danger: true },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  return (
    <Flex vertical gap={8} data-testid="document-files">
      {rows.length ? (
        <Table<DocumentFile>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          data-testid="document-versions"
          columns={[
            {
              key: 'version',
              title: t('tender.files.version'),
              render: (_: unknown, f) => (
                <Flex gap={4} wrap>
                  <span data-testid="document-version">{t('tender.detail.versionN', { n: f.version })}</span>
                  {f.version === latest ? <Tag color="blue">{t('tender.files.current')}</Tag> : null}
                </Flex>
              ),
            },
            {
              key: 'name',
              title: t('tender.files.name'),
              render: (_: unknown, f) =>
                signedIn ? (
                  <a href={f.url} download data-testid="document-download">
                    <FilePdfOutlined /> {f.filename}
                  </a>
                ) : (
                  <span>
                    <FilePdfOutlined /> {f.filename}
                  </span>
                ),
            },
            { key: 'size', title: t('tender.files.size'), align: 'right', render: (_: unknown, f) => fileSize(f.sizeBytes) },
            { key: 'sha', title: 'SHA-256', render: (_: unknown, f) => <Sha value={f.sha256} /> },
            { key: 'at', title: t('tender.files.uploadedAt'), render: (_: unknown, f) => format.dateTime(f.uploadedAt) },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('tender.files.noDocuments')}</Typography.Text>
      )}
      {rows.length && !signedIn ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('tender.files.loginToDownload')}
        </Typography.Text>
      ) : null}
      {canUpload && (tender.status === 'draft' || biddingOpen(tender)) ? (
        <PdfUpload
          uploads={uploads}
          label={bidding ? t('tender.files.uploadAmendment') : t('tender.files.uploadDocument')}
          hint={bidding ? t('tender.files.amendHint', { max: MAX_PDF_MB }) : t('tender.files.documentHint', { max: MAX_PDF_MB })}
          before={bidding ? confirmAmendment : undefined}
          testId="document-upload"
        />
      ) : null}
    </Flex>
  );
}

function StateTag({ state }: { state: BidFile['state'] }) {
  const { t } = useTranslation();
  return state === 'sealed' ? (
    <Tag icon={<LockOutlined />} color="green" data-testid="bid-file-state">
      {t('tender.files.sealed')}
    </Tag>
  ) : (
    <Tag icon={<UnlockOutlined />} color="blue" data-testid="bid-file-state">
      {t('tender.files.opened')}
    </Tag>
  );
}

/**
 * 投标文件 of the supplier's bid on a lot: each sealed to the tender's key as it is uploaded, with its receipt
 * (name, size, exact time, the SHA-256 of the PDF as sent); readable only after the opening. While the bid is
 * sealed and bidding open, more can be added; `queued` are the files chosen in the bid form, sent once the bid is in.
 */
export function MyBidFiles({
  tender,
  lotId,
  canUpload,
  queued = [],
  onTaken,
}: {
  tender: Tender;
  lotId: string;
  canUpload: boolean;
  queued?: File[];
  /** The queued files have been handed to the uploads: the caller forgets them. */
  onTaken?: () => void;
}) {
  const { t } = useTranslation();
  const exact = useExactTime();
  const client = useQueryClient();
  const files = useBidFiles(tender.id);
  const mine = (files.data ?? []).filter((f) => f.lotId === lotId);
  const uploads = usePdfUploads(
    (file, onProgress) => apiUpload('/api/tenders/{id}/bids/{lotId}/files', file, { path: { id: tender.id, lotId }, onProgress }),
    () => client.invalidateQueries({ queryKey: bidFilesKey(tender.id) }),
  );
  // The form's files go up once, when this block first shows the sealed bid; the caller then forgets them.
  const sent = useRef<File[] | undefined>(undefined);
  useEffect(() => {
    if (!queued.length || sent.current === queued) return;
    sent.current = queued;
    for (const file of queued) uploads.start(file);
    onTaken?.();
  }, [queued, uploads, onTaken]);
  return (
    <Flex vertical gap={8} data-testid="my-bid-files">
      <Typography.Text strong>{t('tender.files.bidFiles')}</Typography.Text>
      {mine.length ? (
        mine.map((f) => (
          <Flex
            key={f.id}
            vertical
            gap={2}
            className="bid-file"
            data-testid="bid-file"
            style={{ borderTop: '1px solid #f0f0f0', paddingTop: 6 }}
          >
            <Flex gap={8} wrap align="center">
              {f.state === 'opened' ? (
                <a href={f.url} download data-testid="bid-file-download">
                  <FilePdfOutlined /> {f.filename}
                </a>
              ) : (
                <span data-testid="bid-file-name">
                  <FilePdfOutlined /> {f.filename}
                </span>
              )}
              <Typography.Text type="secondary">{fileSize(f.sizeBytes)}</Typography.Text>
              <StateTag state={f.state} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('tender.files.uploadedAtExact', { at: exact(f.uploadedAt) })}
            </Typography.Text>
            {f.sha256 ? (
              <Flex gap={4} wrap style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">{t('tender.files.fileHash')}</Typography.Text>
                <Typography.Text className="hash" copyable style={{ wordBreak: 'break-all' }} data-testid="bid-file-sha">
                  {f.sha256}
                </Typography.Text>
              </Flex>
            ) : null}
          </Flex>
        ))
      ) : (
        <Typography.Text type="secondary" data-testid="no-bid-files">
          {t('tender.files.noBidFiles')}
        </Typography.Text>
      )}
      {canUpload ? (
        <PdfUpload
          uploads={uploads}
          label={t('tender.files.uploadBidFile')}
          hint={t('tender.files.bidFileHint', { max: MAX_PDF_MB })}
          testId="bid-file-upload"
        />
      ) : uploads.inFlight.length || uploads.error ? (
        <PdfUpload uploads={uploads} label={t('tender.files.uploadBidFile')} hint="" testId="bid-file-upload" />
      ) : null}
    </Flex>
  );
}

/**
 * 投标文件 as the committee's side reads them (the running center, the purchasing unit) once the opening has
 * opened them: every opened bid's files with their hashes, each download recorded. Before it they are sealed
 * like the bids (the bids card says so) and nobody can read them: no card.
 */
export function BidFilesCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const format = useFormat();
  const opened = !!tender.openedAt;
  const files = useBidFiles(tender.id, opened);
  if (!opened) return null;
  const lotNo = (lotId: string) => tender.lots.find((l) => l.id === lotId)?.lotNo ?? '';
  return (
    <Card title={t('tender.files.bidFiles')} size="small" data-testid="bid-files-card">
      {files.isError ? (
        <Alert type="warning" showIcon title={problemSummary(files.error, t)} />
      ) : (
        <Table<BidFile>
          rowKey="id"
          size="small"
          pagination={false}
          loading={files.isPending}
          scroll={{ x: 'max-content' }}
          dataSource={files.data ?? []}
          locale={{ emptyText: t('tender.files.noneOpened') }}
          data-testid="bid-files-table"
          columns={[
            { key: 'lot', title: t('tender.files.lot'), align: 'right', render: (_: unknown, f) => lotNo(f.lotId) },
            { key: 'supplier', title: t('tender.files.supplier'), dataIndex: 'supplierName' },
            {
              key: 'name',
              title: t('tender.files.name'),
              render: (_: unknown, f) =>
                f.state === 'opened' ? (
                  <a href={f.url} download data-testid="bid-file-download">
                    <FilePdfOutlined /> {f.filename}
                  </a>
                ) : (
                  f.filename
                ),
            },
            { key: 'size', title: t('tender.files.size'), align: 'right', render: (_: unknown, f) => fileSize(f.sizeBytes) },
            { key: 'sha', title: 'SHA-256', render: (_: unknown, f) => (f.sha256 ? <Sha value={f.sha256} /> : '—') },
            { key: 'at', title: t('tender.files.uploadedAt'), render: (_: unknown, f) => format.dateTime(f.uploadedAt) },
          ]}
        />
      )}
    </Card>
  );
}
