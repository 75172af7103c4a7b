import { ComplaintsCard } from './ComplaintsCard.tsx';
import { ProcedureCard } from './ProcedureCard.tsx';
import { ArrowLeftOutlined, EditOutlined, MessageOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useCurrentSession } from '../../app/session.ts';
import { useCancelTender, useClarify, usePublishTender, useTender, type Clarification, type Tender } from './api.ts';
import { biddingOpen, ClarificationList } from './parts.tsx';
import { cancelInput, clarificationInput, methodOf } from './schema.ts';
import { loadedTender, TenderBody, TenderTitle } from './TenderPage.tsx';

const DAY = 86_400_000;

interface AnswerValues {
  answer: string;
}

/** 答复 a supplier's question: the answer is published with the question (the asker is not named). */
function AnswerModal({ tender, question, onClose }: { tender: Tender; question: Clarification | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const clarify = useClarify();
  const [form] = Form.useForm<AnswerValues>();
  const problem = useFormProblem(form, ['answer']);
  return (
    <Modal
      open={!!question}
      title={t('tender.questions.answerTitle')}
      okText={t('tender.questions.answerSubmit')}
      okButtonProps={{ loading: clarify.isPending, disabled: clarify.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
        <Typography.Text type="secondary">{t('tender.clarify.q')}</Typography.Text>
        {question?.question}
      </Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={clarify.isPending}
        onFinish={(v) =>
          question &&
          clarify.mutate(
            { tenderId: tender.id, body: { answer: v.answer.trim(), questionId: question.id } },
            {
              onSuccess: () => {
                void message.success(t('tender.questions.answered'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="answer"
          required
          label={t('tender.questions.answer')}
          rules={[zodRule(clarificationInput.shape.answer, t('tender.questions.answer'), t)]}
          extra={t('tender.questions.answerHint')}
        >
          <Input.TextArea rows={5} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AmendValues {
  answer: string;
  documents: string;
}

/**
 * 修改招标文件: the new full text and what changed. Every bid already in becomes invalid (its bidder must
 * bid again against the new text), and inside the method's clarification period the deadline moves.
 */
function AmendModal({ tender, open, onClose }: { tender: Tender; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const clarify = useClarify();
  const [form] = Form.useForm<AmendValues>();
  const problem = useFormProblem(form, ['answer', 'documents']);
  const method = methodOf(tender.methodCode);
  const days = method?.clarificationMinDays ?? 15;
  // The moment the modal opened: what the warning says is worked out from it.
  const [openedAt] = useState(() => Date.now());
  const moves = Date.parse(tender.deadline) - openedAt < days * DAY;
  const label = (key: keyof AmendValues) => t(`tender.amend.labels.${key}`);
  return (
    <Modal
      open={open}
      width={760}
      title={t('tender.amend.title', { no: tender.tenderNo })}
      okText={t('tender.amend.submit')}
      okButtonProps={{ danger: true, loading: clarify.isPending, disabled: clarify.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      <Flex vertical gap={8} style={{ marginBottom: 12 }}>
        <Alert type="warning" showIcon title={t('tender.amend.invalidates')} data-testid="amend-warning" />
        <Alert
          type={moves ? 'warning' : 'info'}
          showIcon
          title={
            moves
              ? t('tender.amend.deadlineMoves', {
                  days,
                  at: format.dateTime(new Date(openedAt + days * DAY).toISOString()),
                  basis: method?.basis ?? '',
                })
              : t('tender.amend.deadlineStays', { days, deadline: format.dateTime(tender.deadline) })
          }
        />
      </Flex>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={clarify.isPending}
        initialValues={{ answer: '', documents: tender.documents }}
        onFinish={(v) =>
          clarify.mutate(
            { tenderId: tender.id, body: { answer: v.answer.trim(), documents: v.documents.trim() } },
            {
              onSuccess: (next) => {
                const moved = next.clarifications.at(-1)?.deadlineMovedTo;
                void message.success(
                  moved
                    ? t('tender.amend.doneMoved', { n: next.documentsVersion, at: format.dateTime(moved) })
                    : t('tender.amend.done', { n: next.documentsVersion }),
                );
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="answer"
          required
          label={label('answer')}
          rules={[zodRule(clarificationInput.shape.answer, label('answer'), t)]}
          extra={t('tender.amend.answerHint')}
        >
          <Input.TextArea rows={3} maxLength={20_000} placeholder={t('tender.amend.answerPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="documents"
          required
          label={label('documents')}
          rules={[
            { required: true, whitespace: true, message: t('form.required', { field: label('documents') }) },
            { min: 20, message: t('form.tooShort', { field: label('documents'), min: 20 }) },
            {
              validator: async (_rule, value: unknown) => {
                if (typeof value === 'string' && value.trim() === tender.documents.trim()) throw new Error(t('tender.amend.unchanged'));
              },
            },
          ]}
        >
          <Input.TextArea rows={12} maxLength={200_000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 问题与澄清 (center): questions waiting for an answer first, then everything published. */
function QuestionsCard({ tender, own }: { tender: Tender; own: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [answering, setAnswering] = useState<Clarification | null>(null);
  const pending = tender.clarifications.filter((c) => c.answer === null);
  const published = tender.clarifications.filter((c) => c.answer !== null);
  const mayAnswer = own && biddingOpen(tender);
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {t('tender.questions.title')}
          <Badge count={pending.length} />
        </Flex>
      }
      size="small"
      data-testid="questions-card"
    >
      <Flex vertical gap={16}>
        {pending.length > 0 ? (
          <Flex vertical gap={8} data-testid="pending-questions">
            <Typography.Text strong>{t('tender.questions.pending', { n: pending.length })}</Typography.Text>
            {pending.map((q) => (
              <Flex
                key={q.id}
                gap={8}
                justify="space-between"
                align="start"
                wrap
                style={{ background: '#fffbe6', border: '1px solid #ffe58f', borderRadius: 4, padding: 8 }}
                data-testid="pending-question"
              >
                <div style={{ flex: '1 1 240px', minWidth: 0 }}>
                  <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {q.question}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tender.questions.askedAt', { at: format.dateTime(q.createdAt) })}
                  </Typography.Text>
                </div>
                {mayAnswer ? (
                  <Button
                    size="small"
                    type="primary"
                    icon={<MessageOutlined />}
                    onClick={() => setAnswering(q)}
                    data-testid="answer-question"
                  >
                    {t('tender.questions.answerOpen')}
                  </Button>
                ) : null}
              </Flex>
            ))}
          </Flex>
        ) : null}
        <ClarificationList items={published} emptyText={pending.length ? t('tender.clarify.noneYet') : t('tender.clarify.none')} />
      </Flex>
      <AnswerModal tender={tender} question={answering} onClose={() => setAnswering(null)} />
    </Card>
  );
}

/** 招标项目 (center staff): a tender with its actions — publish, answer, amend, end — and after the deadline the opening record. */
export default function CenterTenderPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const format = useFormat();
  const { id } = useParams();
  const session = useCurrentSession();
  const state = loadedTender(useTender(id));
  const publish = usePublishTender();
  const cancel = useCancelTender();
  const [amending, setAmending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  if (!state.tender) return state.node;
  const tender = state.tender;
  // The API names the running center, not its id: another center's tender is read-only here.
  const own = tender.centerName === session.organization.name;
  const method = methodOf(tender.methodCode);
  const mayCancel = own && ['draft', 'bidding', 'opened', 'evaluation'].includes(tender.status);

  const confirmPublish = () =>
    modal.confirm({
      title: t('tender.publish.title', { no: tender.tenderNo }),
      content: t('tender.publish.body', {
        deadline: format.dateTime(tender.deadline),
        method: method?.name ?? tender.methodName,
        days: method?.minNoticeDays ?? 0,
      }),
      okText: t('tender.publish.submit'),
      onOk: () =>
        publish.mutateAsync(tender.id).then(
          () => void message.success(t('tender.publish.done')),
          (error: unknown) => {
            void message.error(problemSummary(error, t));
          },
        ),
    });

  return (
    <>
      <PageTitle
        extra={
          <>
            <Link to="/center/tenders">
              <Button icon={<ArrowLeftOutlined />}>{t('tender.detail.back')}</Button>
            </Link>
            {own && tender.status === 'draft' ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={publish.isPending}
                onClick={confirmPublish}
                data-testid="publish-tender"
              >
                {t('tender.publish.open')}
              </Button>
            ) : null}
            {own && biddingOpen(tender) ? (
              <Button icon={<EditOutlined />} onClick={() => setAmending(true)} data-testid="amend-tender">
                {t('tender.amend.open')}
              </Button>
            ) : null}
            {mayCancel ? (
              <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="cancel-tender">
                {t('tender.cancel.open')}
              </Button>
            ) : null}
          </>
        }
      >
        <TenderTitle tender={tender} />
      </PageTitle>
      {!own ? (
        <Alert type="info" showIcon title={t('tender.detail.otherCenter', { center: tender.centerName })} style={{ marginBottom: 16 }} />
      ) : null}
      <div style={{ marginBottom: 16 }}>
        <ComplaintsCard tender={tender} role="party" />
      </div>
      <div style={{ marginBottom: 16 }}>
        <ProcedureCard tender={tender} role="center" />
      </div>
      <TenderBody
        tender={tender}
        documentsUpload={own}
        committee={own}
        clarifications={tender.status === 'draft' ? undefined : <QuestionsCard tender={tender} own={own} />}
      />
      {amending ? <AmendModal tender={tender} open={amending} onClose={() => setAmending(false)} /> : null}
      <ReasonModal
        open={cancelling}
        title={t('tender.cancel.title', { no: tender.tenderNo })}
        description={t('tender.cancel.description')}
        label={t('tender.cancel.reason')}
        schema={cancelInput.shape.reason}
        okText={t('tender.cancel.submit')}
        danger
        pending={cancel.isPending}
        onSubmit={(reason, callbacks) =>
          cancel.mutate(
            { tenderId: tender.id, reason },
            {
              onSuccess: () => {
                void message.success(t('tender.cancel.done'));
                callbacks.onSuccess();
              },
              onError: callbacks.onError,
            },
          )
        }
        onClose={() => setCancelling(false)}
      />
    </>
  );
}
