import { ArrowLeftOutlined, CheckOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Grid, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError, NotFoundPage, problemSummary } from '../../app/components/states.tsx';
import { useFormProblem } from '../../app/forms.ts';
import { SizeClassTag } from '../catalogue/parts.tsx';
import { money } from '../quotations/parts.tsx';
import { TenderStatusTag } from '../tenders/parts.tsx';
import { useRespondSeat, useScoreSheet, useSubmitScores, type ScoreSheet, type SheetBid, type SheetLot } from './api.ts';
import { SeatStatusTag } from './parts.tsx';
import { ReviewForm, SignReportCard } from './ReviewCards.tsx';
import { SheetBidFiles } from './SheetBidFiles.tsx';
import { declineInput, maxPoints, percentOfRate } from './schema.ts';
import { LiveTotal, ScoreField, sheetResolver, type Criterion, type SheetValues } from './SheetFields.tsx';

function EvaluationPrice({ bid }: { bid: SheetBid }) {
  const { t } = useTranslation();
  return (
    <span>
      {money(bid.evaluationPriceFen)}
      {percentOfRate(bid.deductionRate) > 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }}>
          {t('evaluation.sheet.deducted', { pct: percentOfRate(bid.deductionRate) })}
        </Typography.Text>
      ) : null}
    </span>
  );
}

function TechnicalResponse({ bid, width }: { bid: SheetBid; width?: number }) {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph
      ellipsis={{ rows: 2, expandable: true, symbol: t('evaluation.more') }}
      style={{ margin: 0, whiteSpace: 'pre-wrap', ...(width ? { minWidth: 160, maxWidth: width } : {}) }}
    >
      {bid.technicalResponse || '—'}
    </Typography.Paragraph>
  );
}

/** One lot's score sheet: a row per qualified bid (a card on a phone), a cell per criterion (0 to its full marks). */
function LotSheet({ seatId, lot, editable }: { seatId: string; lot: SheetLot; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<SheetValues>();
  const problem = useFormProblem(form, [], sheetResolver);
  const submit = useSubmitScores();
  // A stable order, whatever order the API lists them in: the form's rows are by index.
  const bids = useMemo(
    () => [...lot.bids].sort((a, b) => a.supplierName.localeCompare(b.supplierName, 'zh-CN') || a.bidId.localeCompare(b.bidId)),
    [lot.bids],
  );
  const submitted = bids.length > 0 && bids.every((b) => b.myPoints !== null);
  const initialValues: SheetValues = {
    sheets: bids.map((b) => ({
      points: Object.fromEntries(lot.criteria.map((c) => [c.key, b.myPoints?.[c.key] ?? ''])),
      reasons: Object.fromEntries(lot.criteria.map((c) => [c.key, b.myReasons?.[c.key] ?? ''])),
    })),
  };
  const full = lot.criteria.reduce((s, c) => s + maxPoints(c.weight), 0);
  const criterionTitle = (c: Criterion) => (
    <span style={{ whiteSpace: 'nowrap' }}>
      {c.name}
      <Typography.Text
        type="secondary"
        style={{ display: narrow ? 'inline' : 'block', fontSize: 12, fontWeight: 'normal', marginInlineStart: narrow ? 4 : 0 }}
      >
        {t('evaluation.sheet.range0', { max: maxPoints(c.weight) })}
      </Typography.Text>
    </span>
  );

  const columns: TableColumnsType<SheetBid> = [
    {
      key: 'bidder',
      title: t('evaluation.sheet.bidder'),
      render: (_: unknown, b) => (
        <Flex vertical gap={4} style={{ minWidth: 110, maxWidth: 180 }}>
          <span style={{ whiteSpace: 'normal' }}>{b.supplierName}</span>
          {b.sizeClass ? <SizeClassTag sizeClass={b.sizeClass} /> : null}
        </Flex>
      ),
    },
    { key: 'price', title: t('evaluation.sheet.price'), align: 'right', render: (_: unknown, b) => money(b.priceFen) },
    {
      key: 'evaluationPrice',
      title: t('evaluation.sheet.evaluationPrice'),
      align: 'right',
      render: (_: unknown, b) => <EvaluationPrice bid={b} />,
    },
    { key: 'technical', title: t('evaluation.sheet.technical'), render: (_: unknown, b) => <TechnicalResponse bid={b} width={240} /> },
    ...lot.criteria.map((c) => ({
      key: `c-${c.key}`,
      title: criterionTitle(c),
      render: (_: unknown, b: SheetBid, index: number) => <ScoreField form={form} index={index} criterion={c} bid={b} />,
    })),
    {
      key: 'total',
      title: t('evaluation.sheet.rowTotal', { max: full }),
      align: 'right',
      render: (_: unknown, _b: SheetBid, index: number) => <LiveTotal form={form} index={index} criteria={lot.criteria} />,
    },
  ];

  const onFinish = (values: SheetValues) => {
    problem.clear();
    submit.mutate(
      {
        seatId,
        body: {
          lotId: lot.lotId,
          sheets: bids.map((b, i) => ({
            bidId: b.bidId,
            points: Object.fromEntries(lot.criteria.map((c) => [c.key, (values.sheets[i]?.points[c.key] ?? '').trim()])),
            reasons: Object.fromEntries(
              lot.criteria.flatMap((c) => {
                const r = (values.sheets[i]?.reasons[c.key] ?? '').trim();
                return r ? [[c.key, r]] : [];
              }),
            ),
          })),
        },
      },
      {
        onSuccess: () => void message.success(t('evaluation.sheet.submitted', { n: lot.lotNo })),
        onError: problem.onError,
      },
    );
  };

  return (
    <Card
      size="small"
      title={t('evaluation.report.lotTitle', { n: lot.lotNo, name: lot.name })}
      extra={submitted ? <Tag color="green">{t('evaluation.sheet.done')}</Tag> : <Tag color="orange">{t('evaluation.sheet.todo')}</Tag>}
      data-testid="lot-sheet"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('evaluation.sheet.intro', { price: lot.priceWeight ? maxPoints(lot.priceWeight) : 0, full })}
      </Typography.Paragraph>
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="sheet-error" />
      ) : null}
      <Form form={form} initialValues={initialValues} disabled={!editable || submit.isPending} onFinish={onFinish} scrollToFirstError>
        {narrow ? (
          <Flex vertical gap={12} data-testid="sheet-cards">
            {bids.map((b, index) => (
              <div key={b.bidId} className="sheet-bid" data-testid="sheet-bid">
                <Flex wrap gap={6} align="center">
                  <Typography.Text strong>{b.supplierName}</Typography.Text>
                  {b.sizeClass ? <SizeClassTag sizeClass={b.sizeClass} /> : null}
                </Flex>
                <Flex wrap gap={16} style={{ margin: '6px 0' }}>
                  <span>
                    <Typography.Text type="secondary">{t('evaluation.sheet.price')} </Typography.Text>
                    {money(b.priceFen)}
                  </span>
                  <span>
                    <Typography.Text type="secondary">{t('evaluation.sheet.evaluationPrice')} </Typography.Text>
                    <EvaluationPrice bid={b} />
                  </span>
                </Flex>
                <TechnicalResponse bid={b} />
                <Flex vertical gap={8} style={{ marginTop: 8 }}>
                  {lot.criteria.map((c) => (
                    <ScoreField key={c.key} form={form} index={index} criterion={c} bid={b} label={criterionTitle(c)} />
                  ))}
                  <span>
                    <Typography.Text type="secondary">{t('evaluation.sheet.rowTotal', { max: full })} </Typography.Text>
                    <LiveTotal form={form} index={index} criteria={lot.criteria} />
                  </span>
                </Flex>
              </div>
            ))}
          </Flex>
        ) : (
          <Table<SheetBid>
            rowKey="bidId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={columns}
            dataSource={bids}
            data-testid="sheet-table"
          />
        )}
        {editable ? (
          <Flex justify="flex-end" align="center" wrap gap={8} style={{ marginTop: 12 }}>
            {submitted ? <Typography.Text type="secondary">{t('evaluation.sheet.replaceHint')}</Typography.Text> : null}
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={submit.isPending} data-testid="submit-scores">
              {submitted ? t('evaluation.sheet.resubmit') : t('evaluation.sheet.submit')}
            </Button>
          </Flex>
        ) : null}
      </Form>
    </Card>
  );
}

/** 回避声明: before the bids are shown, the expert declares no conflict or steps aside with a reason. */
function Declaration({ sheet }: { sheet: ScoreSheet }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const respond = useRespondSeat();
  const [declining, setDeclining] = useState(false);
  const confirm = () =>
    modal.confirm({
      title: t('evaluation.declare.confirmTitle'),
      content: t('evaluation.declare.confirmBody', { no: sheet.tenderNo }),
      okText: t('evaluation.declare.confirm'),
      onOk: () =>
        respond.mutateAsync({ seatId: sheet.seatId, answer: 'confirm' }).then(
          () => void message.success(t('evaluation.declare.confirmed')),
          (error: unknown) => void message.error(problemSummary(error, t)),
        ),
    });
  return (
    <Card size="small" title={t('evaluation.declare.title')} data-testid="declaration">
      <Typography.Paragraph>{t('evaluation.declare.intro')}</Typography.Paragraph>
      <ul className="plain-list" style={{ marginBottom: 12 }}>
        {(['employment', 'relative', 'purchaser', 'other'] as const).map((k) => (
          <li key={k}>{t(`evaluation.declare.cases.${k}`)}</li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary">{t('evaluation.declare.sealed')}</Typography.Paragraph>
      <Flex wrap gap={8}>
        <Button type="primary" icon={<CheckOutlined />} loading={respond.isPending} onClick={confirm} data-testid="confirm-seat">
          {t('evaluation.declare.confirm')}
        </Button>
        <Button danger icon={<StopOutlined />} onClick={() => setDeclining(true)} data-testid="decline-seat">
          {t('evaluation.declare.decline')}
        </Button>
      </Flex>
      <ReasonModal
        open={declining}
        title={t('evaluation.declare.declineTitle')}
        description={t('evaluation.declare.declineBody')}
        label={t('evaluation.declare.reason')}
        schema={declineInput.shape.reason}
        okText={t('evaluation.declare.declineSubmit')}
        danger
        pending={respond.isPending}
        onSubmit={(reason, callbacks) =>
          respond.mutate(
            { seatId: sheet.seatId, answer: 'decline', reason },
            {
              onSuccess: () => {
                void message.success(t('evaluation.declare.declined'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          )
        }
        onClose={() => setDeclining(false)}
      />
    </Card>
  );
}

function SheetBody({ sheet }: { sheet: ScoreSheet }) {
  const { t } = useTranslation();
  if (sheet.seatStatus === 'drawn') return <Declaration sheet={sheet} />;
  if (sheet.seatStatus === 'declined')
    return <Alert type="info" showIcon title={t('evaluation.declare.declinedNotice')} data-testid="declined-notice" />;
  const editable = sheet.tenderStatus === 'evaluation';
  return (
    <Flex vertical gap={16}>
      {!editable ? <Alert type="info" showIcon title={t('evaluation.sheet.closed')} /> : null}
      {editable
        ? sheet.lots.map((lot) =>
            lot.qualificationDone && !lot.complianceDone ? (
              <ReviewForm
                key={`c-${lot.lotId}`}
                stage="compliance"
                id={sheet.seatId}
                lotId={lot.lotId}
                title={t('evaluation.review.complianceTitle', { n: lot.lotNo, name: lot.name })}
                rows={lot.bids.map((b) => ({ bidId: b.bidId, supplierName: b.supplierName, priceFen: b.priceFen }))}
              />
            ) : lot.reportOut && !lot.signedByMe ? (
              <SignReportCard
                key={`s-${lot.lotId}`}
                seatId={sheet.seatId}
                lotId={lot.lotId}
                title={t('evaluation.sign.title', { n: lot.lotNo, name: lot.name })}
              />
            ) : null,
          )
        : null}
      <SheetBidFiles sheet={sheet} />
      {sheet.lots.map((lot) =>
        lot.evaluationMethod !== 'comprehensive' ? (
          <Card key={lot.lotId} size="small" title={t('evaluation.report.lotTitle', { n: lot.lotNo, name: lot.name })}>
            <Typography.Text type="secondary">{t('evaluation.sheet.lowestPrice')}</Typography.Text>
          </Card>
        ) : lot.bids.length === 0 ? (
          <Card key={lot.lotId} size="small" title={t('evaluation.report.lotTitle', { n: lot.lotNo, name: lot.name })}>
            <Typography.Text type="secondary">{t('evaluation.sheet.noBids')}</Typography.Text>
          </Card>
        ) : (
          <LotSheet key={lot.lotId} seatId={sheet.seatId} lot={lot} editable={editable} />
        ),
      )}
    </Flex>
  );
}

/** 评分 (expert): the declaration, then a score sheet per comprehensive lot for every qualified bid. */
export default function ScoreSheetPage() {
  const { t } = useTranslation();
  const { seatId } = useParams();
  const sheet = useScoreSheet(seatId);
  if (sheet.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (sheet.isError)
    return isApiProblem(sheet.error) && sheet.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <LoadError error={sheet.error} onRetry={() => void sheet.refetch()} />
    );
  const s = sheet.data;
  return (
    <>
      <PageTitle
        extra={
          <Link to="/expert/assignments">
            <Button icon={<ArrowLeftOutlined />}>{t('evaluation.assignments.back')}</Button>
          </Link>
        }
      >
        <Flex gap={8} wrap align="center">
          <span style={{ overflowWrap: 'anywhere' }}>{s.title}</span>
          <TenderStatusTag status={s.tenderStatus} />
          <SeatStatusTag status={s.seatStatus} />
        </Flex>
      </PageTitle>
      <Typography.Paragraph type="secondary">
        <span className="hash">{s.tenderNo}</span>
      </Typography.Paragraph>
      <SheetBody sheet={s} />
    </>
  );
}
