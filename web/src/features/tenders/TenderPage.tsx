import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Button, Card, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { useFormat } from '../../app/format.ts';
import { LoadError, NotFoundPage } from '../../app/components/states.tsx';
import { useSession } from '../../app/session.ts';
import { usePublicTender, useTender, type Tender } from './api.ts';
import { ProcessTimeline } from '../../app/components/ProcessTimeline.tsx';
import { ClocksCard } from './ClocksCard.tsx';
import { ProcedureCard } from './ProcedureCard.tsx';
import { ComplaintsCard } from './ComplaintsCard.tsx';
import { AwardNoticeCard, InvalidBidsCard } from './ResultsCards.tsx';
import { BidFilesCard, DocumentFiles } from './files.tsx';
import {
  biddingOpen,
  BidsSection,
  ClarificationList,
  DocumentsText,
  lotTitle,
  LotDescriptions,
  TenderOverview,
  TenderProgress,
  TenderStatusTag,
} from './parts.tsx';

export function TenderTitle({ tender, extra }: { tender: Tender; extra?: React.ReactNode }) {
  return (
    <Flex gap={8} wrap align="center">
      <span style={{ overflowWrap: 'anywhere' }}>{tender.title}</span>
      <TenderStatusTag status={tender.status} />
      {extra}
    </Flex>
  );
}

/** The lots of a tender, each with its budget, items, evaluation method and SME policy. */
export function LotsCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  return (
    <Card title={t('tender.detail.lots')} size="small">
      <Flex vertical gap={16}>
        {tender.lots.map((lot) => (
          <Flex vertical gap={6} key={lot.id}>
            <Typography.Text strong>{lotTitle(lot, t)}</Typography.Text>
            <LotDescriptions lot={lot} />
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}

/** 招标文件: its text, and the PDF versions (uploaded by the running center, `canUpload`) for signed-in readers to download. */
export function DocumentsCard({ tender, canUpload = false }: { tender: Tender; canUpload?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Card
      title={t('tender.detail.documents')}
      size="small"
      extra={<Tag style={{ marginInlineEnd: 0 }}>{t('tender.detail.versionN', { n: tender.documentsVersion })}</Tag>}
      data-testid="documents-card"
    >
      <Flex vertical gap={12}>
        <DocumentFiles tender={tender} canUpload={canUpload} signedIn={!!session.data} />
        <DocumentsText tender={tender} />
      </Flex>
    </Card>
  );
}

/**
 * 合同公告: each contract with its parties, amount, signing date and the signed document (the public sees the
 * published ones; the unit, the center and the supplier also the recorded ones not yet published).
 */
export function ContractsCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (tender.contractNotices.length === 0) return null;
  return (
    <Card title={t('tender.contracts.title')} size="small" data-testid="contracts-card">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={tender.contractNotices}
        columns={[
          {
            key: 'no',
            dataIndex: 'contractNo',
            title: t('tender.contracts.contractNo'),
            render: (v: string) => <span className="hash">{v}</span>,
          },
          { key: 'lot', dataIndex: 'lotNo', title: t('tender.contracts.lot'), align: 'right' },
          { key: 'purchaser', dataIndex: 'purchaserName', title: t('tender.contracts.purchaser') },
          {
            key: 'supplier',
            dataIndex: 'supplierName',
            title: t('tender.contracts.supplier'),
            render: (v: string) => <span style={{ display: 'inline-block', minWidth: 120, maxWidth: 240, whiteSpace: 'normal' }}>{v}</span>,
          },
          {
            key: 'price',
            dataIndex: 'amountFen',
            title: t('tender.contracts.price'),
            align: 'right',
            render: (v: number, c) => (
              <>
                {format.money(v)}
                {c.amountReason ? <div className="muted">{c.amountReason}</div> : null}
              </>
            ),
          },
          { key: 'signed', dataIndex: 'signedOn', title: t('tender.contracts.signedOn') },
          {
            key: 'published',
            dataIndex: 'publishedAt',
            title: t('tender.contracts.publishedAt'),
            render: (v: string | null) => (v ? format.dateTime(v) : <Tag>{t('tender.contracts.unpublished')}</Tag>),
          },
          {
            key: 'document',
            title: t('tender.contracts.document'),
            render: (_: unknown, c) =>
              c.document ? (
                <a href={c.document.url} download data-testid="contract-download">
                  {t('tender.contracts.download')}
                </a>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}

/** The opening record once opened (the bids sealed before), placed first when there is one. */
export function BidsCard({ tender, mine }: { tender: Tender; mine?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Card title={tender.openingRecord === null ? t('tender.detail.bids') : t('tender.detail.opening')} size="small" data-testid="bids-card">
      <BidsSection tender={tender} mine={mine} />
    </Card>
  );
}

/** The same body for every reader who only reads: progress, the record or the sealed notice, facts, lots, documents, clarifications. */
export function TenderBody({
  tender,
  mine,
  clarifications,
  documentsUpload = false,
  committee = false,
}: {
  tender: Tender;
  mine?: string | undefined;
  clarifications?: React.ReactNode;
  /** The running center: it uploads the 招标文件 PDFs. */
  documentsUpload?: boolean;
  /** The running center and the purchasing unit: the bid files, sealed until the opening, theirs to read after it. */
  committee?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Card title={t('tender.detail.progress')} size="small">
        <TenderProgress tender={tender} />
      </Card>
      <AwardNoticeCard tender={tender} />
      <BidsCard tender={tender} mine={mine} />
      {committee ? <BidFilesCard tender={tender} /> : null}
      <InvalidBidsCard tender={tender} />
      <Card title={t('tender.detail.overview')} size="small">
        <TenderOverview tender={tender} />
      </Card>
      <ClocksCard tender={tender} />
      <ContractsCard tender={tender} />
      <LotsCard tender={tender} />
      <DocumentsCard tender={tender} canUpload={documentsUpload} />
      {clarifications ?? (
        <Card title={t('tender.detail.clarifications')} size="small">
          <ClarificationList items={tender.clarifications.filter((c) => c.answer !== null)} emptyText={t('tender.clarify.none')} />
        </Card>
      )}
      {tender.status === 'draft' ? null : <ProcessTimeline type="tender" id={tender.id} />}
    </Flex>
  );
}

/** The loaded tender, or what to show instead: a skeleton, a 404, a load error. */
export function loadedTender(query: UseQueryResult<Tender>) {
  if (query.isPending) return { node: <Skeleton active paragraph={{ rows: 12 }} />, tender: null };
  if (query.isError)
    return {
      node:
        isApiProblem(query.error) && query.error.status === 404 ? (
          <NotFoundPage />
        ) : (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ),
      tender: null,
    };
  return { node: null, tender: query.data };
}

/** A tender read by its purchasing unit (purchaser, approver) or a regulator: read-only. */
function PartyTenderPage({ view }: { view: 'purchaser' | 'approver' | 'regulator' }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const state = loadedTender(useTender(id));
  if (!state.tender) return state.node;
  const tender = state.tender;
  return (
    <>
      <PageTitle
        extra={
          <Link to={`/${view}/tenders`}>
            <Button icon={<ArrowLeftOutlined />}>{t('tender.detail.back')}</Button>
          </Link>
        }
      >
        <TenderTitle tender={tender} />
      </PageTitle>
      <Flex vertical gap={16}>
        <ComplaintsCard tender={tender} role={view === 'regulator' ? 'regulator' : 'party'} />
        <TenderBody tender={tender} committee={view !== 'regulator'} />
      </Flex>
    </>
  );
}

export const PurchaserTenderPage = () => <PartyTenderPage view="purchaser" />;
export const ApproverTenderPage = () => <PartyTenderPage view="approver" />;
export const RegulatorTenderPage = () => <PartyTenderPage view="regulator" />;

/** 招标公告 / 开标结果 (public, no login): the announcement; once opened every bid with its price and evaluation price. */
export function PublicTenderPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const session = useSession();
  const supplier = session.data?.user.roles.includes('supplier') ?? false;
  const state = loadedTender(usePublicTender(id));
  let body: React.ReactNode = state.node;
  if (state.tender) {
    const tender = state.tender;
    body = (
      <>
        <PageTitle
          extra={
            <>
              <Link to="/tenders">
                <Button icon={<ArrowLeftOutlined />}>{t('tender.public.back')}</Button>
              </Link>
              {supplier && biddingOpen(tender) ? (
                <Link to={`/supplier/tenders/${encodeURIComponent(tender.id)}`}>
                  <Button type="primary" icon={<EditOutlined />}>
                    {t('tender.list.bid')}
                  </Button>
                </Link>
              ) : null}
            </>
          }
        >
          <TenderTitle tender={tender} />
        </PageTitle>
        <div style={{ marginBottom: 16 }}>
          <ProcedureCard tender={tender} role="public" />
        </div>
        <TenderBody tender={tender} mine={supplier ? session.data?.organization.id : undefined} />
      </>
    );
  }
  return <div className="app-content">{body}</div>;
}
