import { ArrowLeftOutlined, CalculatorOutlined, FileTextOutlined, MessageOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Radio, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { EmptyState, LoadError, problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import { useExpert } from '../experts/api.ts';
import { useTender, type Tender } from '../tenders/api.ts';
import { loadedTender, TenderTitle } from '../tenders/TenderPage.tsx';
import {
  useChallenges,
  useCommittee,
  useDrawCommittee,
  useTenderChanged,
  useEvaluate,
  useEvaluationReport,
  useReplyChallenge,
  type Challenge,
  type Committee,
  type Seat,
} from './api.ts';
import { ChallengeList, computed, EvaluationProgress, ReportLots, SeatStatusTag } from './parts.tsx';
import { challengeReplyInput } from './schema.ts';
import { QualificationCards } from './ReviewCards.tsx';
import { useServerText } from '../../app/serverText.ts';

/** An expert of the pool by name (the draw record names experts by id only). */
function ExpertName({ expertId }: { expertId: string }) {
  const expert = useExpert(expertId);
  if (!expert.data) return <span className="hash">{expertId.slice(0, 8)}</span>;
  return (
    <span>
      {expert.data.name}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {expert.data.title} · {expert.data.employer}
      </Typography.Text>
    </span>
  );
}

function SeatsTable({ seats, scoredLots }: { seats: Seat[]; scoredLots: string[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<Seat> = [
    { key: 'pos', dataIndex: 'drawPosition', title: t('evaluation.committee.position'), align: 'right', render: (p: number) => p + 1 },
    {
      key: 'name',
      dataIndex: 'name',
      title: t('evaluation.committee.expert'),
      render: (name: string, s) => (
        <span style={{ display: 'inline-block', minWidth: 120, maxWidth: 240, whiteSpace: 'normal' }}>
          {name}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {s.title} · {s.employer}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('evaluation.committee.status'),
      render: (s: Seat['status']) => <SeatStatusTag status={s} />,
    },
    {
      key: 'declared',
      dataIndex: 'declaredAt',
      title: t('evaluation.committee.declaredAt'),
      render: (v: string | null) => (
        <span style={{ whiteSpace: 'nowrap' }}>{v ? format.dateTime(v) : t('evaluation.committee.waiting')}</span>
      ),
    },
    {
      key: 'scored',
      title: t('evaluation.committee.scored'),
      render: (_: unknown, s) => {
        if (scoredLots.length === 0) return t('evaluation.committee.noScoring');
        if (s.status === 'declined') return '—';
        const done = s.scoredLotIds.filter((l) => scoredLots.includes(l)).length;
        return (
          <Tag color={done === scoredLots.length ? 'success' : done ? 'processing' : 'default'} data-testid="seat-scored">
            {done ? t('evaluation.committee.scoredIs', { done, total: scoredLots.length }) : t('evaluation.committee.notScored')}
          </Tag>
        );
      },
    },
    {
      key: 'reason',
      dataIndex: 'declinedReason',
      title: t('evaluation.committee.declinedReason'),
      render: (v: string | null) =>
        v ? <span style={{ display: 'inline-block', minWidth: 140, maxWidth: 280, whiteSpace: 'normal' }}>{v}</span> : '—',
    },
  ];
  return (
    <Table<Seat>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={columns}
      dataSource={seats}
      data-testid="seats-table"
    />
  );
}

/** The draw record: enough to recompute the draw (seed, ordered candidates) and who was left out and why. */
function DrawRecord({ committee }: { committee: Committee }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const draw = committee.draw;
  if (!draw) return null;
  const seated = new Map(committee.seats.map((s) => [s.expertId, s.name]));
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        data-testid="draw-record"
        items={[
          { key: 'at', label: t('evaluation.committee.drawnAt'), children: format.dateTime(draw.drawnAt) },
          { key: 'size', label: t('evaluation.committee.size'), children: t('evaluation.committee.sizeIs', { n: draw.committeeSize }) },
          { key: 'specialty', label: t('evaluation.committee.specialty'), children: <span className="hash">{draw.specialty}</span> },
          {
            key: 'candidates',
            label: t('evaluation.committee.candidates'),
            children: t('evaluation.committee.candidatesIs', { n: draw.candidates.length }),
          },
          {
            key: 'seed',
            label: t('evaluation.committee.seed'),
            span: 'filled',
            children: (
              <Typography.Text className="hash" copyable style={{ overflowWrap: 'anywhere' }} data-testid="draw-seed">
                {draw.seed}
              </Typography.Text>
            ),
          },
          {
            key: 'order',
            label: t('evaluation.committee.order'),
            span: 'filled',
            children: (
              <Typography.Paragraph
                ellipsis={{ rows: 2, expandable: true, symbol: t('evaluation.more') }}
                style={{ margin: 0, fontSize: 12 }}
              >
                {draw.candidates.map((c, i) => `${i + 1}. ${draw.names?.[c] ?? seated.get(c) ?? c.slice(0, 8)}`).join('　')}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
      <Typography.Text strong>{t('evaluation.committee.excluded', { n: draw.excluded.length })}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('evaluation.committee.excludedRule')}
      </Typography.Text>
      <Table
        rowKey="expertId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={draw.excluded}
        locale={{ emptyText: t('evaluation.committee.noneExcluded') }}
        columns={[
          {
            key: 'expert',
            dataIndex: 'expertId',
            title: t('evaluation.committee.expert'),
            render: (id: string) => (draw.names?.[id] ? <span>{draw.names[id]}</span> : <ExpertName expertId={id} />),
          },
          {
            key: 'reason',
            dataIndex: 'reason',
            title: t('evaluation.committee.reason'),
            render: (v: string) => (
              <span style={{ display: 'inline-block', minWidth: 180, maxWidth: 420, whiteSpace: 'normal' }}>{words(v)}</span>
            ),
          },
        ]}
        data-testid="excluded-table"
      />
    </Flex>
  );
}

function CommitteeCard({ tender, own }: { tender: Tender; own: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const committee = useCommittee(tender.id);
  const draw = useDrawCommittee();
  const [drawError, setDrawError] = useState<string | null>(null);
  const drawing = committee.data?.drawing ?? false;
  const mayDraw = own && tender.status === 'opened' && committee.data?.draw === null && !drawing;
  const changed = useTenderChanged();
  // When the worker has seated the committee, the tender has moved to evaluation: reload it.
  const [wasDrawing, setWasDrawing] = useState(false);
  if (drawing !== wasDrawing) {
    setWasDrawing(drawing);
    if (!drawing) void changed(tender.id);
  }
  const confirmDraw = () =>
    modal.confirm({
      title: t('evaluation.committee.drawTitle', { no: tender.tenderNo }),
      content: t('evaluation.committee.drawBody', { category: tender.categoryCode }),
      okText: t('evaluation.committee.drawSubmit'),
      onOk: () => {
        setDrawError(null);
        return draw.mutateAsync(tender.id).then(
          () => void message.info(t('evaluation.committee.drawRequested')),
          (error: unknown) => setDrawError(problemSummary(error, t)),
        );
      },
    });
  let body: React.ReactNode;
  if (committee.isPending) body = null;
  else if (committee.isError) body = <LoadError error={committee.error} onRetry={() => void committee.refetch()} />;
  else if (!committee.data) body = <Alert type="info" showIcon title={t('evaluation.committee.notYours')} />;
  else if (drawing)
    body = (
      <Alert type="info" showIcon icon={<Spin size="small" />} title={t('evaluation.committee.drawing')} data-testid="draw-progress" />
    );
  else if (!committee.data.draw)
    body = (
      <EmptyState
        title={t('evaluation.committee.none')}
        hint={tender.status === 'opened' ? t('evaluation.committee.noneHint') : t('evaluation.committee.noneLater')}
      />
    );
  else {
    const seats = committee.data.seats;
    const seated = seats.filter((s) => s.status !== 'declined');
    body = (
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('evaluation.committee.summary', {
            confirmed: seated.filter((s) => s.status === 'confirmed').length,
            seats: seated.length,
            declined: seats.length - seated.length,
          })}
        </Typography.Text>
        <SeatsTable
          seats={seats}
          scoredLots={tender.lots.filter((l) => l.evaluationMethod === 'comprehensive' && l.status !== 'failed').map((l) => l.id)}
        />
        <DrawRecord committee={committee.data} />
      </Flex>
    );
  }
  return (
    <Card
      size="small"
      title={t('evaluation.committee.title')}
      loading={committee.isPending}
      extra={
        mayDraw ? (
          <Button type="primary" icon={<TeamOutlined />} loading={draw.isPending} onClick={confirmDraw} data-testid="draw-committee">
            {t('evaluation.committee.draw')}
          </Button>
        ) : null
      }
      data-testid="committee-card"
    >
      {committee.data?.drawFailure && !drawing ? (
        <Alert
          type="warning"
          showIcon
          title={t('evaluation.committee.drawFailed', { reason: committee.data.drawFailure })}
          style={{ marginBottom: 12 }}
          data-testid="draw-failure"
        />
      ) : null}
      {drawError ? (
        <Alert
          type="error"
          showIcon
          title={drawError}
          closable
          onClose={() => setDrawError(null)}
          style={{ marginBottom: 12 }}
          data-testid="draw-error"
        />
      ) : null}
      {body}
    </Card>
  );
}

function ReportCard({ tender, own, committee }: { tender: Tender; own: boolean; committee: Committee | null | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useEvaluationReport(tender.id, tender.status !== 'opened');
  const evaluate = useEvaluate();
  const [error, setError] = useState<string | null>(null);
  const names = new Map((committee?.seats ?? []).map((s) => [s.expertId, s.name]));
  const mayEvaluate = own && tender.status === 'evaluation';
  // What the computation waits for, as the server would refuse it: a drawn committee's declarations, then its score sheets.
  const seated = (committee?.seats ?? []).filter((s) => s.status !== 'declined');
  const scoredLots = tender.lots.filter((l) => l.evaluationMethod === 'comprehensive' && l.status !== 'failed').map((l) => l.id);
  const undeclared = seated.filter((s) => !s.declaredAt).length;
  const unscored = seated.filter((s) => scoredLots.some((id) => !s.scoredLotIds.includes(id))).length;
  const waiting = undeclared
    ? t('evaluation.report.waitDeclared', { n: undeclared })
    : unscored
      ? t('evaluation.report.waitScored', { n: unscored })
      : null;
  const run = () => {
    setError(null);
    evaluate.mutate(tender.id, {
      onSuccess: () => void message.success(t('evaluation.report.done')),
      onError: (e) => setError(problemSummary(e, t)),
    });
  };
  return (
    <Card
      size="small"
      title={t('evaluation.report.title')}
      extra={
        <Flex gap={8} wrap>
          {mayEvaluate ? (
            <Tooltip title={waiting}>
              <Button
                type="primary"
                icon={<CalculatorOutlined />}
                loading={evaluate.isPending}
                disabled={!!waiting}
                onClick={run}
                data-testid="evaluate"
              >
                {computed(report.data) ? t('evaluation.report.recompute') : t('evaluation.report.compute')}
              </Button>
            </Tooltip>
          ) : null}
          {['awarded', 'challenge', 'contracted'].includes(tender.status) ? (
            <Link to={`/tenders/${encodeURIComponent(tender.id)}/report`}>
              <Button icon={<FileTextOutlined />}>{t('evaluation.report.public')}</Button>
            </Link>
          ) : null}
        </Flex>
      }
      data-testid="report-card"
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          closable
          onClose={() => setError(null)}
          style={{ marginBottom: 12 }}
          data-testid="evaluate-error"
        />
      ) : null}
      {mayEvaluate && !computed(report.data) ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }} data-testid="evaluate-waiting">
          {waiting ?? t('evaluation.report.computeHint')}
        </Typography.Paragraph>
      ) : null}
      {report.isError ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data && computed(report.data) ? (
        <ReportLots tender={tender} report={report.data} expertName={(id) => names.get(id)} />
      ) : report.isPending && tender.status !== 'opened' ? null : (
        <EmptyState title={t('evaluation.report.notComputed')} hint={t('evaluation.report.notComputedHint')} />
      )}
    </Card>
  );
}

interface ReplyValues {
  reply: string;
  upheld: boolean;
}

function ReplyModal({ tenderId, challenge, onClose }: { tenderId: string; challenge: Challenge | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReplyValues>();
  const problem = useFormProblem(form, ['reply', 'upheld']);
  const reply = useReplyChallenge();
  return (
    <Modal
      open={challenge !== null}
      title={t('evaluation.challenge.replyTitle', { supplier: challenge?.supplierName ?? '' })}
      okText={t('evaluation.challenge.replySubmit')}
      okButtonProps={{ loading: reply.isPending, disabled: reply.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      {challenge ? (
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 4, expandable: true, symbol: t('evaluation.more') }}
          style={{ whiteSpace: 'pre-wrap' }}
        >
          {challenge.grounds}
        </Typography.Paragraph>
      ) : null}
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={reply.isPending}
        onFinish={(values) =>
          challenge &&
          reply.mutate(
            { tenderId, challengeId: challenge.id, reply: values.reply.trim(), upheld: values.upheld },
            {
              onSuccess: () => {
                void message.success(t('evaluation.challenge.replied'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="upheld"
          label={t('evaluation.challenge.finding')}
          rules={[{ required: true, message: t('evaluation.challenge.findingRequired') }]}
        >
          <Radio.Group
            options={[
              { value: false, label: t('evaluation.challenge.notUpheld') },
              { value: true, label: t('evaluation.challenge.upheld') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reply"
          required
          label={t('evaluation.challenge.reply')}
          rules={[zodRule(challengeReplyInput.shape.reply, t('evaluation.challenge.reply'), t)]}
          extra={t('evaluation.challenge.replyHint')}
        >
          <Input.TextArea rows={5} maxLength={10_000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ChallengesCard({ tender, own }: { tender: Tender; own: boolean }) {
  const { t } = useTranslation();
  const challenges = useChallenges(tender.id);
  const [replying, setReplying] = useState<Challenge | null>(null);
  return (
    <Card size="small" title={t('evaluation.challenge.title')} loading={challenges.isPending} data-testid="challenges-card">
      {challenges.isError ? (
        <LoadError error={challenges.error} onRetry={() => void challenges.refetch()} />
      ) : (
        <ChallengeList
          items={challenges.data ?? []}
          action={(c) =>
            own ? (
              <Button size="small" type="primary" icon={<MessageOutlined />} onClick={() => setReplying(c)} data-testid="reply-challenge">
                {t('evaluation.challenge.replyOpen')}
              </Button>
            ) : null
          }
        />
      )}
      <ReplyModal tenderId={tender.id} challenge={replying} onClose={() => setReplying(null)} />
    </Card>
  );
}

/** 评标 (center staff): draw the committee, follow the declarations, compute the report, answer challenges. */
export default function CenterEvaluationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const session = useCurrentSession();
  const state = loadedTender(useTender(id));
  const tender = state.tender;
  const afterOpening = !!tender && !['draft', 'bidding'].includes(tender.status);
  const committee = useCommittee(tender?.id, afterOpening);
  const report = useEvaluationReport(tender?.id, afterOpening && tender?.status !== 'opened');
  if (!tender) return state.node;
  // Another center's tender is read-only here.
  const own = tender.centerOrgId === session.organization.id;
  return (
    <>
      <PageTitle
        extra={
          <>
            <Link to="/center/evaluation">
              <Button icon={<ArrowLeftOutlined />}>{t('evaluation.list.back')}</Button>
            </Link>
            <Link to={`/center/tenders/${encodeURIComponent(tender.id)}`}>
              <Button>{t('evaluation.tenderPage')}</Button>
            </Link>
          </>
        }
      >
        <TenderTitle tender={tender} />
      </PageTitle>
      {!own ? (
        <Alert type="info" showIcon title={t('evaluation.otherCenter', { center: tender.centerName })} style={{ marginBottom: 16 }} />
      ) : null}
      <Flex vertical gap={16}>
        <Card size="small" title={t('evaluation.progress')}>
          <EvaluationProgress tender={tender} report={report.data} />
        </Card>
        {afterOpening ? (
          <>
            <CommitteeCard tender={tender} own={own} />
            {own && ['opened', 'evaluation'].includes(tender.status) ? (
              <QualificationCards tenderId={tender.id} lots={tender.lots.filter((l) => l.status === 'opened')} />
            ) : null}
            <ReportCard tender={tender} own={own} committee={committee.data} />
            {['awarded', 'challenge', 'contracted'].includes(tender.status) ? <ChallengesCard tender={tender} own={own} /> : null}
          </>
        ) : (
          <Alert type="info" showIcon title={t('evaluation.notOpened')} />
        )}
      </Flex>
    </>
  );
}
