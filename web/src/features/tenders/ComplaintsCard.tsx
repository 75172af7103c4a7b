import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, isApiProblem } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { complaintDecisionInput, complaintInput, type complaintSchema } from '@contracts/tender-complaints.schemas.ts';
import type { Tender } from './api.ts';

type Complaint = z.infer<typeof complaintSchema>;
const key = (tenderId: string) => ['tenders', 'complaints', tenderId] as const;

/** A tender's complaints as the caller may read them; null when it may read none (404). */
function useComplaints(tenderId: string) {
  return useQuery({
    queryKey: key(tenderId),
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/tenders/{id}/complaints', { params: { path: { id: tenderId } }, signal });
      } catch (error) {
        if (isApiProblem(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

function useComplaintStep() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (step: { tenderId: string; run: () => Promise<unknown> }) => step.run(),
    onSuccess: (_, { tenderId }) =>
      Promise.all([
        client.invalidateQueries({ queryKey: key(tenderId) }),
        client.invalidateQueries({ queryKey: ['tenders', 'detail', tenderId] }),
        client.invalidateQueries({ queryKey: ['public', 'tender', tenderId] }),
      ]),
  });
}

interface FileValues {
  grounds: string;
  evidence: string;
}

/** 提起投诉: the challenger's own challenge whose complaint window is running. */
function FileForm({ tender, challengeId }: { tender: Tender; challengeId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FileValues>();
  const problem = useFormProblem(form, ['grounds', 'evidence']);
  const step = useComplaintStep();
  const submit = (values: FileValues) =>
    step.mutate(
      {
        tenderId: tender.id,
        run: () => api.post('/api/tenders/{id}/complaints', { params: { path: { id: tender.id } }, body: { challengeId, ...values } }),
      },
      { onSuccess: () => void message.success(t('tender.complaints.filed')), onError: problem.onError },
    );
  return (
    <Form form={form} layout="vertical" disabled={step.isPending} onFinish={submit} data-testid="complaint-form">
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} /> : null}
      <Form.Item
        name="grounds"
        required
        label={t('tender.complaints.grounds')}
        rules={[zodRule(complaintInput.shape.grounds, t('tender.complaints.grounds'), t)]}
      >
        <Input.TextArea rows={4} maxLength={10_000} showCount />
      </Form.Item>
      <Form.Item
        name="evidence"
        required
        label={t('tender.complaints.evidence')}
        rules={[zodRule(complaintInput.shape.evidence, t('tender.complaints.evidence'), t)]}
      >
        <Input.TextArea rows={3} maxLength={10_000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.isPending}>
        {t('tender.complaints.file')}
      </Button>
    </Form>
  );
}

interface DecideValues {
  outcome?: Complaint['outcome'];
  reasons: string;
}

/** The finance department's steps: accept or refuse (with the reason), then the decision with its reasons. */
function RegulatorActions({ complaint }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DecideValues>();
  const problem = useFormProblem(form, ['outcome', 'reasons']);
  const step = useComplaintStep();
  const path = { params: { path: { id: complaint.id } } };
  const run = (call: () => Promise<unknown>) => step.mutate({ tenderId: complaint.tenderId, run: call }, { onError: problem.onError });
  if (complaint.status !== 'filed' && complaint.status !== 'accepted') return null;
  return (
    <Form form={form} layout="vertical" disabled={step.isPending}>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} /> : null}
      {complaint.status === 'accepted' ? (
        <Form.Item name="outcome" required label={t('tender.complaints.outcome')}>
          <Select
            options={complaintDecisionInput.shape.outcome.options.map((o) => ({ value: o, label: t(`tender.clocks.outcomes.${o}`) }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="reasons" label={t('tender.complaints.reasons')}>
        <Input.TextArea rows={3} maxLength={10_000} />
      </Form.Item>
      <Flex gap={8}>
        {complaint.status === 'filed' ? (
          <>
            <Button
              type="primary"
              onClick={() => run(() => api.post('/api/complaints/{id}/acceptance', { ...path, body: { accept: true } }))}
            >
              {t('tender.complaints.accept')}
            </Button>
            <Button
              danger
              onClick={() =>
                run(() =>
                  api.post('/api/complaints/{id}/acceptance', {
                    ...path,
                    body: { accept: false, reason: form.getFieldValue('reasons') ?? '' },
                  }),
                )
              }
            >
              {t('tender.complaints.refuse')}
            </Button>
          </>
        ) : (
          <Button
            type="primary"
            onClick={() => {
              const v = form.getFieldsValue();
              run(() =>
                api.post('/api/complaints/{id}/decision', {
                  ...path,
                  body: { outcome: v.outcome ?? 'dismissed', reasons: v.reasons ?? '' },
                }),
              );
            }}
          >
            {t('tender.complaints.decide')}
          </Button>
        )}
      </Flex>
    </Form>
  );
}

/**
 * 投诉: the complaints the caller may read (the complainant its own; the unit, the center and the addressed
 * finance department all), the filing form for a challenger inside its window, the department's steps.
 */
export function ComplaintsCard({ tender, role }: { tender: Tender; role: 'supplier' | 'regulator' | 'party' }) {
  const { t } = useTranslation();
  const format = useFormat();
  const complaints = useComplaints(tender.id);
  const list = complaints.data ?? [];
  const open = tender.clocks.filter(
    (c) => c.kind === 'complaint_filing' && c.status === 'running' && !list.some((x) => x.challengeId === c.subjectId),
  );
  if (complaints.data === null || (list.length === 0 && (role !== 'supplier' || open.length === 0))) return null;
  return (
    <Card size="small" title={t('tender.complaints.title')} data-testid="complaints-card">
      <Flex vertical gap={16}>
        {list.map((c) => (
          <Flex vertical gap={8} key={c.id}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('tender.complaints.status')}>
                <Tag>{t(`tender.complaints.statuses.${c.status}`)}</Tag>
                {c.outcome ? t(`tender.clocks.outcomes.${c.outcome}`) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('tender.complaints.complainant')}>{c.supplierName}</Descriptions.Item>
              <Descriptions.Item label={t('tender.complaints.regulator')}>{c.regulatorName}</Descriptions.Item>
              <Descriptions.Item label={t('tender.complaints.filedAt')}>{format.dateTime(c.filedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('tender.complaints.grounds')}>{c.grounds}</Descriptions.Item>
              <Descriptions.Item label={t('tender.complaints.evidence')}>{c.evidence}</Descriptions.Item>
              {c.refusalReason ? <Descriptions.Item label={t('tender.complaints.refusal')}>{c.refusalReason}</Descriptions.Item> : null}
              {c.decisionReasons ? <Descriptions.Item label={t('tender.complaints.reasons')}>{c.decisionReasons}</Descriptions.Item> : null}
            </Descriptions>
            {role === 'regulator' ? <RegulatorActions complaint={c} /> : null}
          </Flex>
        ))}
        {role === 'supplier'
          ? open.map((c) => (
              <Flex vertical gap={8} key={c.id}>
                <Alert type="info" showIcon title={t('tender.complaints.window', { until: format.dateTime(c.due) })} />
                <FileForm tender={tender} challengeId={c.subjectId} />
              </Flex>
            ))
          : null}
      </Flex>
    </Card>
  );
}
