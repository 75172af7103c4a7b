import { ArrowLeftOutlined, FileTextOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { LoadError, problemSummary } from '../../app/components/states.tsx';
import { formatBeijing, formatMoney, useFormat } from '../../app/format.ts';
import { useFormProblem } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import { useTender, type Tender } from '../tenders/api.ts';
import { loadedTender, TenderTitle } from '../tenders/TenderPage.tsx';
import { useChallenges, useConfirmAward, useEvaluationReport, useSignContract, type LotReport } from './api.ts';
import { ContractNoticePanel, type ContractNotice } from './ContractNotice.tsx';
import { ChallengeList, challengeWindow, computed, EvaluationProgress, ReportLots, windowOpen } from './parts.tsx';
import { contractInput } from './schema.ts';

/** 确认中标: the recommendation of a lot, with what the confirmation does. */
function ConfirmAward({ tender, result }: { tender: Tender; result: LotReport }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const award = useConfirmAward();
  const [error, setError] = useState<string | null>(null);
  const first = result.report?.ranking.find((r) => r.bidId === result.recommendedBidId) ?? result.report?.ranking[0];
  if (!first) return null;
  const confirm = () =>
    modal.confirm({
      title: t('evaluation.award.confirmTitle', { n: result.lotNo }),
      content: (
        <Flex vertical gap={6}>
          <span>{t('evaluation.award.confirmWho', { supplier: first.supplierName, total: first.total })}</span>
          <span>
            {t('evaluation.award.confirmPrice', { price: formatMoney(first.priceFen), evaluation: formatMoney(first.evaluationPriceFen) })}
          </span>
          <Typography.Text type="secondary">{t('evaluation.award.confirmCredit')}</Typography.Text>
        </Flex>
      ),
      okText: t('evaluation.award.confirm'),
      onOk: () => {
        setError(null);
        return award.mutateAsync({ tenderId: tender.id, lotId: result.lotId }).then(
          () => void message.success(t('evaluation.award.done', { n: result.lotNo })),
          (e: unknown) => setError(problemSummary(e, t)),
        );
      },
    });
  return (
    <Flex vertical gap={8}>
      {error ? <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} data-testid="award-error" /> : null}
      <Flex wrap gap={8} align="center" justify="space-between" className="award-bar">
        <Typography.Text>
          {t('evaluation.award.recommendation', { supplier: first.supplierName, price: formatMoney(first.priceFen) })}
        </Typography.Text>
        <Button type="primary" icon={<TrophyOutlined />} loading={award.isPending} onClick={confirm} data-testid="confirm-award">
          {t('evaluation.award.confirm')}
        </Button>
      </Flex>
    </Flex>
  );
}

interface ContractValues {
  signedOn: Dayjs;
  contractNo?: string;
  amountYuan?: number | null;
  amountReason?: string;
}

/** 签订合同 of an awarded lot after the challenge window; the price is the awarded bid's. */
function ContractSection({ tender, result, contract }: { tender: Tender; result: LotReport; contract: ContractNotice | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContractValues>();
  const problem = useFormProblem(form, ['signedOn', 'contractNo', 'amountYuan', 'amountReason'], (f) =>
    f === 'amountFen' ? ['amountYuan'] : undefined,
  );
  const sign = useSignContract();
  const { until } = challengeWindow(tender);
  const price = formatMoney(result.contractPriceFen ?? 0);
  if (contract) return <ContractNoticePanel tender={tender} notice={contract} canEdit />;
  if (tender.status === 'challenge') return <Alert type="warning" showIcon title={t('evaluation.contract.challengeOpen')} />;
  if (tender.status !== 'awarded') return null;
  if (windowOpen(until))
    return (
      <Alert
        type="info"
        showIcon
        title={t('evaluation.contract.afterWindow', { until: format.dateTime(until), price })}
        data-testid="contract-wait"
      />
    );
  return (
    <Card size="small" title={t('evaluation.contract.title')} data-testid="contract-form">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('evaluation.contract.intro', { price })}
      </Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="inline"
        disabled={sign.isPending}
        onFinish={(values) =>
          sign.mutate(
            {
              tenderId: tender.id,
              lotId: result.lotId,
              body: {
                signedOn: values.signedOn.format('YYYY-MM-DD'),
                ...(values.contractNo?.trim() ? { contractNo: values.contractNo.trim() } : {}),
                ...(values.amountYuan != null ? { amountFen: Math.round(values.amountYuan * 100) } : {}),
                ...(values.amountReason?.trim() ? { amountReason: values.amountReason.trim() } : {}),
              },
            },
            { onSuccess: () => void message.success(t('evaluation.contract.done')), onError: problem.onError },
          )
        }
      >
        <Form.Item
          name="signedOn"
          label={t('evaluation.contract.signedOn')}
          rules={[
            {
              validator: async (_r, v: Dayjs | undefined) => {
                if (!v) throw new Error(t('form.choose', { field: t('evaluation.contract.signedOn') }));
                if (!contractInput.shape.signedOn.safeParse(v.format('YYYY-MM-DD')).success)
                  throw new Error(t('form.invalid', { field: t('evaluation.contract.signedOn') }));
              },
            },
          ]}
        >
          <DatePicker
            format="YYYY-MM-DD"
            // A day between the end of the challenge window and today, in Beijing (the server refuses others).
            disabledDate={(d: Dayjs) => {
              const day = d.format('YYYY-MM-DD');
              const today = formatBeijing(new Date().toISOString(), 'YYYY-MM-DD');
              const from = tender.challengeUntil ? formatBeijing(tender.challengeUntil, 'YYYY-MM-DD') : null;
              return day > today || (from !== null && day < from);
            }}
            data-testid="signed-on"
          />
        </Form.Item>
        <Form.Item name="contractNo" label={t('tender.contracts.contractNo')}>
          <Input placeholder={t('evaluation.contract.noPlaceholder')} maxLength={60} data-testid="contract-no" />
        </Form.Item>
        <Form.Item name="amountYuan" label={t('evaluation.contract.amount')}>
          <InputNumber min={0.01} precision={2} placeholder={price} style={{ width: 180 }} data-testid="contract-amount" />
        </Form.Item>
        <Form.Item name="amountReason" label={t('tender.contracts.amountReason')}>
          <Input placeholder={t('evaluation.contract.reasonPlaceholder')} maxLength={500} data-testid="contract-reason" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={sign.isPending} data-testid="sign-contract">
            {t('evaluation.contract.submit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** 定标与合同 (purchaser): the evaluation report, the award per lot, the challenges, then the contract. */
export default function AwardPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const session = useCurrentSession();
  const state = loadedTender(useTender(id));
  const tender = state.tender;
  const reported = !!tender && !['draft', 'bidding', 'opened'].includes(tender.status);
  const announced = !!tender && ['awarded', 'challenge', 'contracted'].includes(tender.status);
  const report = useEvaluationReport(tender?.id, reported);
  const challenges = useChallenges(tender?.id, announced);
  if (!tender) return state.node;
  const own = tender.purchaserOrgId === session.organization.id;
  const contractOf = (lotId: string) => tender.contractNotices.find((c) => c.lotId === lotId);
  return (
    <>
      <PageTitle
        extra={
          <>
            <Link to="/purchaser/awards">
              <Button icon={<ArrowLeftOutlined />}>{t('evaluation.list.back')}</Button>
            </Link>
            <Link to={`/purchaser/tenders/${encodeURIComponent(tender.id)}`}>
              <Button>{t('evaluation.tenderPage')}</Button>
            </Link>
          </>
        }
      >
        <TenderTitle tender={tender} />
      </PageTitle>
      <Flex vertical gap={16}>
        <Card size="small" title={t('evaluation.progress')}>
          <EvaluationProgress tender={tender} report={report.data} />
        </Card>
        <Card
          size="small"
          title={t('evaluation.report.title')}
          extra={
            announced ? (
              <Link to={`/tenders/${encodeURIComponent(tender.id)}/report`}>
                <Button icon={<FileTextOutlined />}>{t('evaluation.report.public')}</Button>
              </Link>
            ) : null
          }
          loading={reported && report.isPending}
          data-testid="report-card"
        >
          {!own ? <Alert type="info" showIcon title={t('evaluation.award.notYours')} style={{ marginBottom: 12 }} /> : null}
          {report.isError ? (
            <LoadError error={report.error} onRetry={() => void report.refetch()} />
          ) : report.data && computed(report.data) ? (
            <ReportLots
              tender={tender}
              report={report.data}
              extra={(result) =>
                !own || !result.report ? null : result.awardedBidId === null ? (
                  tender.status === 'evaluation' ? (
                    <ConfirmAward tender={tender} result={result} />
                  ) : null
                ) : (
                  <ContractSection tender={tender} result={result} contract={contractOf(result.lotId)} />
                )
              }
            />
          ) : (
            <Alert type="info" showIcon title={t('evaluation.award.waiting')} />
          )}
        </Card>
        {announced ? (
          <Card size="small" title={t('evaluation.challenge.title')} loading={challenges.isPending} data-testid="challenges-card">
            {challenges.isError ? (
              <LoadError error={challenges.error} onRetry={() => void challenges.refetch()} />
            ) : (
              <ChallengeList items={challenges.data ?? []} />
            )}
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
