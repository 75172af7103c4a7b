import { Alert, Button, Card, Flex, Form, Input, Select, Steps, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { useSession } from '../../app/session.ts';
import type { Tender } from './api.ts';
import { useProcedure, useProcedureStep, type Procedure } from './procedure.ts';
import { FinalOfferCard, NegotiationRecordForm, ObjectionForm, SingleSourceNoticeForm } from './ProcedureForms.tsx';

type Role = 'center' | 'supplier' | 'public';
type MethodCode = 'open' | 'invited' | 'negotiation' | 'consultation' | 'rfq' | 'single_source';

/**
 * The procedure (#22): the stage track of the method, and the current stage's actions — the center's round
 * records, changes, removals and final-offer deadline; the supplier's changes and sealed final offer; the
 * single-source notice with its objections; the final-offer record once the job opened it.
 */
export function ProcedureCard({ tender, role }: { tender: Tender; role: Role }) {
  const { t } = useTranslation();
  const session = useSession();
  const signedIn = !!session.data;
  const query = useProcedure(tender.id, signedIn);
  const p = query.data;
  if (!p) return null;
  const current = p.stages.indexOf(p.stage);
  return (
    <Card title={t('procedure.title')} size="small" data-testid="procedure-card">
      <Flex vertical gap={12}>
        <Steps
          size="small"
          current={current < 0 ? p.stages.length : current}
          status={p.stage === 'closed' ? 'error' : 'process'}
          items={p.stages.map((s) => ({ title: t(`procedure.stages.${s}`) }))}
          data-testid="stage-track"
          data-stage={p.stage}
        />
        {p.methodChange ? (
          <Alert
            type="warning"
            showIcon
            title={t('procedure.methodChanged', {
              from: t(`procedure.methods.${p.methodChange.from as MethodCode}`),
              to: t(`procedure.methods.${p.methodChange.to as MethodCode}`),
            })}
            description={p.methodChange.reason}
          />
        ) : null}
        {role === 'center' && tender.status === 'draft' && tender.methodCode === 'single_source' ? (
          <SingleSourceNoticeForm tender={tender} />
        ) : null}
        {p.singleSource ? <SingleSource tender={tender} p={p} role={role} signedIn={signedIn} /> : null}
        {p.participants.length || p.changes.length ? <Rounds p={p} /> : null}
        {role === 'center' && p.stage === 'rounds' ? <CenterRounds tender={tender} p={p} /> : null}
        {role === 'supplier' ? <FinalOfferCard tender={tender} p={p} /> : null}
        {p.finalRecord ? <FinalRecord p={p} /> : null}
      </Flex>
    </Card>
  );
}

function Rounds({ p }: { p: Procedure }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Flex vertical gap={8}>
      <Typography.Text strong>{t('procedure.round', { n: p.round })}</Typography.Text>
      {p.changes.map((c) => (
        <Alert
          key={c.id}
          type="info"
          showIcon
          data-testid="requirement-change"
          title={t('procedure.changeAfter', { n: c.afterRound, at: format.dateTime(c.announcedAt) })}
          description={c.text}
        />
      ))}
      {p.participants.length ? (
        <Table
          rowKey="supplierId"
          size="small"
          pagination={false}
          dataSource={p.participants}
          data-testid="participants"
          columns={[
            { key: 'name', title: t('procedure.supplier'), dataIndex: 'supplierName' },
            {
              key: 'status',
              title: t('procedure.status'),
              render: (_: unknown, r: Procedure['participants'][number]) => (
                <Tag color={r.status === 'active' ? 'processing' : 'default'}>{t(`procedure.participant.${r.status}`)}</Tag>
              ),
            },
            { key: 'reason', title: t('procedure.reason'), render: (_: unknown, r: Procedure['participants'][number]) => r.reason ?? '' },
            {
              key: 'records',
              title: t('procedure.records'),
              render: (_: unknown, r: Procedure['participants'][number]) =>
                p.records
                  .filter((x) => x.supplierId === r.supplierId)
                  .map((x) => `${t('procedure.roundShort', { n: x.round })}${t('common.colon')}${x.notes}`)
                  .join('；'),
            },
          ]}
        />
      ) : null}
    </Flex>
  );
}

function CenterRounds({ tender, p }: { tender: Tender; p: Procedure }) {
  const { t } = useTranslation();
  const step = useProcedureStep(tender.id);
  const path = { params: { path: { id: tender.id } } };
  const active = p.participants.filter((x) => x.status === 'active').map((x) => ({ value: x.supplierId, label: x.supplierName }));
  return (
    <Flex vertical gap={12}>
      <Form
        layout="inline"
        onFinish={(v: { supplierId: string; notes: string }) =>
          step.mutate(() => api.post('/api/tenders/{id}/rounds/records', { ...path, body: v }))
        }
        data-testid="round-record-form"
      >
        <Form.Item name="supplierId" rules={[{ required: true, message: t('procedure.pickSupplier') }]}>
          <Select style={{ width: 220 }} options={active} placeholder={t('procedure.supplier')} data-testid="round-supplier" />
        </Form.Item>
        <Form.Item name="notes" rules={[{ required: true, min: 2, message: t('procedure.notesRequired') }]}>
          <Input style={{ width: 320 }} placeholder={t('procedure.notes')} data-testid="round-notes" />
        </Form.Item>
        <Button htmlType="submit" loading={step.isPending} data-testid="round-record-submit">
          {t('procedure.record')}
        </Button>
      </Form>
      <Form
        layout="inline"
        onFinish={(v: { text: string }) => step.mutate(() => api.post('/api/tenders/{id}/rounds/changes', { ...path, body: v }))}
        data-testid="change-form"
      >
        <Form.Item name="text" rules={[{ required: true, min: 2, message: t('procedure.changeRequired') }]}>
          <Input.TextArea style={{ width: 420 }} rows={2} placeholder={t('procedure.changeText')} data-testid="change-text" />
        </Form.Item>
        <Button htmlType="submit" loading={step.isPending} data-testid="change-submit">
          {t('procedure.announce')}
        </Button>
      </Form>
      <Form
        layout="inline"
        onFinish={(v: { supplierId: string; kind: 'withdrawn' | 'eliminated'; reason: string }) =>
          step.mutate(() => api.post('/api/tenders/{id}/rounds/leave', { ...path, body: v }))
        }
      >
        <Form.Item name="supplierId" rules={[{ required: true, message: t('procedure.pickSupplier') }]}>
          <Select style={{ width: 220 }} options={active} placeholder={t('procedure.supplier')} />
        </Form.Item>
        <Form.Item name="kind" initialValue="eliminated">
          <Select
            style={{ width: 120 }}
            options={(['eliminated', 'withdrawn'] as const).map((k) => ({ value: k, label: t(`procedure.participant.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, min: 2, message: t('procedure.reasonRequired') }]}>
          <Input style={{ width: 240 }} placeholder={t('procedure.reason')} />
        </Form.Item>
        <Button htmlType="submit" danger loading={step.isPending}>
          {t('procedure.remove')}
        </Button>
      </Form>
      <Form
        layout="inline"
        onFinish={(v: { deadline: string }) =>
          step.mutate(() =>
            api.post('/api/tenders/{id}/final-offers/deadline', { ...path, body: { deadline: new Date(v.deadline).toISOString() } }),
          )
        }
        data-testid="final-deadline-form"
      >
        <Form.Item
          name="deadline"
          label={t('procedure.finalDeadline')}
          rules={[{ required: true, message: t('procedure.deadlineRequired') }]}
        >
          <Input type="datetime-local" data-testid="final-deadline" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={step.isPending} data-testid="final-deadline-submit">
          {t('procedure.setDeadline')}
        </Button>
      </Form>
    </Flex>
  );
}

function FinalRecord({ p }: { p: Procedure }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = p.finalRecord ?? [];
  return (
    <Flex vertical gap={8} data-testid="final-record">
      <Typography.Text strong>{t('procedure.finalRecord', { at: format.dateTime(p.finalOpenedAt) })}</Typography.Text>
      <Table
        rowKey={(r) => `${r.lotId}:${r.supplierId}`}
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { key: 'lot', title: t('procedure.lot'), render: (_: unknown, r: (typeof rows)[number]) => r.lotNo },
          { key: 'name', title: t('procedure.supplier'), dataIndex: 'supplierName' },
          { key: 'price', title: t('procedure.finalPrice'), render: (_: unknown, r: (typeof rows)[number]) => format.money(r.priceFen) },
          {
            key: 'eval',
            title: t('procedure.evaluationPrice'),
            render: (_: unknown, r: (typeof rows)[number]) => format.money(r.evaluationPriceFen),
          },
          {
            key: 'rank',
            title: t('procedure.rank'),
            render: (_: unknown, r: (typeof rows)[number]) =>
              r.rank === 1 ? (
                <Tag color="success" data-testid="final-winner">
                  {t('procedure.lowest')}
                </Tag>
              ) : (
                (r.rank ?? r.statusNote ?? '')
              ),
          },
        ]}
      />
    </Flex>
  );
}

function SingleSource({ tender, p, role, signedIn }: { tender: Tender; p: Procedure; role: Role; signedIn: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const s = p.singleSource!;
  const step = useProcedureStep(tender.id);
  return (
    <Flex vertical gap={8} data-testid="single-source">
      <Alert
        type="info"
        title={t('procedure.ss.notice', { supplier: s.proposedSupplierName ?? '', until: format.dateTime(s.windowUntil) })}
        description={s.reasons}
      />
      {s.objections.map((o) => (
        <Card key={o.id} size="small" title={t('procedure.ss.objectionBy', { org: o.organizationName, at: format.dateTime(o.lodgedAt) })}>
          <Typography.Paragraph>{o.grounds}</Typography.Paragraph>
          {o.answeredAt ? (
            <Alert
              type={o.upheld ? 'warning' : 'success'}
              title={o.upheld ? t('procedure.ss.upheld') : t('procedure.ss.dismissed')}
              description={o.reply}
            />
          ) : role === 'center' ? (
            <Form
              layout="inline"
              onFinish={(v: {
                reply: string;
                newMethodCode?: 'open' | 'invited' | 'negotiation' | 'consultation' | 'rfq';
                newDeadline?: string;
              }) =>
                step.mutate(() =>
                  api.post('/api/tenders/{id}/objections/{objectionId}/answer', {
                    params: { path: { id: tender.id, objectionId: o.id } },
                    body: {
                      reply: v.reply,
                      upheld: !!v.newMethodCode,
                      ...(v.newMethodCode ? { newMethodCode: v.newMethodCode } : {}),
                      ...(v.newMethodCode && v.newDeadline ? { newDeadline: new Date(v.newDeadline).toISOString() } : {}),
                    },
                  }),
                )
              }
            >
              <Form.Item name="reply" rules={[{ required: true, min: 2, message: t('procedure.ss.replyRequired') }]}>
                <Input style={{ width: 300 }} placeholder={t('procedure.ss.reply')} />
              </Form.Item>
              <Form.Item name="newMethodCode">
                <Select
                  allowClear
                  style={{ width: 220 }}
                  placeholder={t('procedure.ss.notUpheld')}
                  options={(['open', 'negotiation', 'consultation', 'rfq'] as const).map((m) => ({
                    value: m,
                    label: t('procedure.ss.upholdTo', { method: t(`procedure.methods.${m}`) }),
                  }))}
                />
              </Form.Item>
              <Form.Item name="newDeadline" label={t('procedure.ss.newDeadline')}>
                <Input type="datetime-local" />
              </Form.Item>
              <Button htmlType="submit" loading={step.isPending}>
                {t('procedure.ss.answer')}
              </Button>
            </Form>
          ) : null}
        </Card>
      ))}
      {role !== 'center' && s.windowOpen ? (
        signedIn ? (
          <ObjectionForm tenderId={tender.id} />
        ) : (
          <Alert type="info" title={t('procedure.ss.loginToObject')} />
        )
      ) : null}
      {role === 'center' && p.stage === 'negotiation_record' && !s.windowOpen ? <NegotiationRecordForm tenderId={tender.id} /> : null}
      {s.negotiationRecord ? (
        <Alert
          type="success"
          title={t('procedure.ss.agreed', { price: format.money(s.agreedPriceFen ?? 0) })}
          description={`${s.negotiationRecord}（${s.priceReasons ?? ''}）`}
        />
      ) : null}
    </Flex>
  );
}
