import { ArrowLeftOutlined, FileTextOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../app/components/states.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useMyBids, useTender, type Tender } from '../tenders/api.ts';
import { loadedTender, TenderTitle } from '../tenders/TenderPage.tsx';
import { ComplaintsCard } from '../tenders/ComplaintsCard.tsx';
import { useChallenges, useEvaluationReport, useLodgeChallenge } from './api.ts';
import { ChallengeList, challengeWindow, computed, EvaluationProgress, ReportLots, windowOpen } from './parts.tsx';
import { challengeInput } from './schema.ts';

interface ChallengeValues {
  grounds: string;
}

/** 提出质疑: within the window after the award notice, by a bidder of the tender. */
function LodgeForm({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChallengeValues>();
  const problem = useFormProblem(form, ['grounds']);
  const lodge = useLodgeChallenge();
  return (
    <Flex vertical gap={8} data-testid="lodge-form">
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={lodge.isPending}
        onFinish={(values) =>
          lodge.mutate(
            { tenderId: tender.id, grounds: values.grounds.trim() },
            {
              onSuccess: () => {
                void message.success(t('evaluation.challenge.lodged'));
                form.resetFields();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="grounds"
          required
          label={t('evaluation.challenge.grounds')}
          extra={t('evaluation.challenge.groundsHint')}
          rules={[zodRule(challengeInput.shape.grounds, t('evaluation.challenge.grounds'), t)]}
        >
          <Input.TextArea rows={6} maxLength={10_000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={lodge.isPending} data-testid="lodge-challenge">
          {t('evaluation.challenge.lodge')}
        </Button>
      </Form>
    </Flex>
  );
}

function ChallengeCard({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const format = useFormat();
  const announced = ['awarded', 'challenge', 'contracted'].includes(tender.status);
  const mine = useMyBids(tender.id);
  const challenges = useChallenges(tender.id, announced);
  const { noticeAt, until } = challengeWindow(tender);
  // The server lets any supplier with a bid in the tender challenge it, whatever became of the bid.
  const bidder = (mine.data ?? []).length > 0;
  const mayLodge = bidder && (tender.status === 'awarded' || tender.status === 'challenge') && windowOpen(until);
  let intro: React.ReactNode;
  if (!announced) intro = <Alert type="info" showIcon title={t('evaluation.challenge.notYet')} />;
  else if (!mine.isPending && !bidder)
    intro = <Alert type="info" showIcon title={t('evaluation.challenge.notBidder')} data-testid="not-bidder" />;
  else
    intro = (
      <Alert
        type={mayLodge ? 'info' : 'warning'}
        showIcon
        title={
          mayLodge
            ? t('evaluation.challenge.windowOpen', { until: format.dateTime(until) })
            : t('evaluation.challenge.windowClosed', { until: format.dateTime(until) })
        }
        description={noticeAt ? t('evaluation.challenge.noticeAt', { at: format.dateTime(noticeAt) }) : undefined}
        data-testid="challenge-window"
      />
    );
  return (
    <Card size="small" title={t('evaluation.challenge.mine')} data-testid="challenges-card">
      <Flex vertical gap={12}>
        {intro}
        {mayLodge ? <LodgeForm tender={tender} /> : null}
        {announced ? (
          challenges.isError ? (
            <LoadError error={challenges.error} onRetry={() => void challenges.refetch()} />
          ) : (
            <ChallengeList items={challenges.data ?? []} />
          )
        ) : null}
      </Flex>
    </Card>
  );
}

/** 质疑 (supplier): the published result of a tender it bid in, its challenges and the replies. */
export default function ChallengesPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const state = loadedTender(useTender(id));
  const tender = state.tender;
  const announced = !!tender && ['awarded', 'challenge', 'contracted'].includes(tender.status);
  const report = useEvaluationReport(tender?.id, announced);
  if (!tender) return state.node;
  return (
    <>
      <PageTitle
        extra={
          <>
            <Link to="/supplier/challenges">
              <Button icon={<ArrowLeftOutlined />}>{t('evaluation.list.back')}</Button>
            </Link>
            <Link to={`/supplier/tenders/${encodeURIComponent(tender.id)}`}>
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
        <ChallengeCard tender={tender} />
        <ComplaintsCard tender={tender} role="supplier" />
        <Card
          size="small"
          title={t('evaluation.report.result')}
          extra={
            announced ? (
              <Link to={`/tenders/${encodeURIComponent(tender.id)}/report`}>
                <Button icon={<FileTextOutlined />}>{t('evaluation.report.public')}</Button>
              </Link>
            ) : null
          }
        >
          {report.data && computed(report.data) ? (
            <ReportLots tender={tender} report={report.data} />
          ) : (
            <Typography.Text type="secondary">{t('evaluation.report.afterAward')}</Typography.Text>
          )}
        </Card>
      </Flex>
    </>
  );
}
