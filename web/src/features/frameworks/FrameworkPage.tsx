import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../app/i18n/index.ts';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { LoadError, problemSummary } from '../../app/components/states.tsx';
import { formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import {
  useDecideJoin,
  useEvaluateFramework,
  useFrameworkFigures,
  usePlaceRotation,
  usePublicFramework,
  useRespondFramework,
  useRotationOrders,
  useStaffFramework,
  type FrameworkCall,
  type FrameworkFigures,
  type FrameworkResponse,
  type RotationOrder,
} from './api.ts';
import { FrameworkStatusTag, type FrameworkSide } from './FrameworksPages.tsx';
import { useAllBudgetLines } from '../budget/api.ts';
import { useCurrentSession } from '../../app/session.ts';

function Summary({ call }: { call: FrameworkCall }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card>
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('framework.list.callNo')}>{call.callNo}</Descriptions.Item>
        <Descriptions.Item label={t('framework.list.status')}>
          <FrameworkStatusTag status={call.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('framework.list.category')}>{`${call.categoryName}（${call.categoryCode}）`}</Descriptions.Item>
        <Descriptions.Item label={t('framework.list.method')}>
          {t(`framework.method.${call.method}`)} · {t(`framework.entry.${call.entry}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('framework.list.cap')}>{formatMoney(call.capUnitPriceFen)}</Descriptions.Item>
        <Descriptions.Item label={t('framework.fields.maxAdmitted')}>{call.maxAdmitted ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('framework.list.term')}>{`${call.startsOn} ~ ${call.endsOn}`}</Descriptions.Item>
        <Descriptions.Item label={t('framework.list.deadline')}>{format.dateTime(call.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t('framework.fields.requirements')} span={2}>
          {call.requirements}
        </Descriptions.Item>
        {call.panel.length ? (
          <Descriptions.Item label={t('framework.evaluate.panel')} span={2}>
            {call.panel.map((p) => `${p.name}（${p.role}）`).join('、')}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('framework.ocds')} span={2}>
          <a href={`/api/ocds/frameworks/${call.id}/releases`} target="_blank" rel="noreferrer">
            {call.ocid}
          </a>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function ResponsesTable({ call }: { call: FrameworkCall }) {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  // The system's own issue words (frameworks.calls / frameworks.admission), worded in this language; a panel's reason as written.
  const issue = (s: string) =>
    s === '响应单价超过最高限制单价'
      ? t('framework.response.decided.overCap')
      : s === '不满足采购需求'
        ? t('framework.response.decided.notMet')
        : s;
  const admittedCount = call.responses.filter((r) => r.kind === 'response' && r.admitted).length;
  /** A response's evaluation worded from its facts (the server records the same in Chinese); a join decision's reason is the center's own. */
  const decisionNote = (v: string | null, r: FrameworkResponse) => {
    const issues = r.issues.map(issue).join(english ? '; ' : '；');
    if (r.kind !== 'response' || r.admitted === null) return v ?? issues;
    const method = t(`framework.method.${call.method}`);
    if (r.compliant === false) return t('framework.response.decided.invalid', { issues });
    if (r.admitted) return t('framework.response.decided.admitted', { method, rank: r.rank ?? '—' });
    if (admittedCount === 0) return t('framework.response.decided.none');
    return t('framework.response.decided.over', { method, rank: r.rank ?? '—', n: admittedCount });
  };
  const format = useFormat();
  const columns: TableColumnsType<FrameworkResponse> = [
    { key: 'supplier', dataIndex: 'supplierName', title: t('framework.response.supplier') },
    {
      key: 'kind',
      dataIndex: 'kind',
      title: t('framework.response.kind'),
      render: (k: 'response' | 'join') => t(`framework.response.${k}`),
    },
    {
      key: 'price',
      dataIndex: 'unitPriceFen',
      title: t('framework.response.price'),
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : formatMoney(v)),
    },
    { key: 'score', dataIndex: 'qualityScore', title: t('framework.response.score'), render: (v: number | null) => v ?? '—' },
    { key: 'rank', dataIndex: 'rank', title: t('framework.response.rank'), render: (v: number | null) => v ?? '—' },
    {
      key: 'result',
      title: t('framework.response.result'),
      render: (_: unknown, r) =>
        r.admitted === null ? (
          <Tag>{t('framework.response.pending')}</Tag>
        ) : r.admitted ? (
          <Tag color="green">{t('framework.response.admitted')}</Tag>
        ) : (
          <Tag color="red">{t('framework.response.notAdmitted')}</Tag>
        ),
    },
    { key: 'position', dataIndex: 'position', title: t('framework.response.position'), render: (v: number | null) => v ?? '—' },
    {
      key: 'reason',
      dataIndex: 'decisionReason',
      title: t('framework.response.reason'),
      render: (v: string | null, r) => decisionNote(v, r),
    },
    { key: 'at', dataIndex: 'submittedAt', title: t('framework.list.submittedAt'), render: (v: string) => format.dateTime(v) },
  ];
  if (call.responseCount === null) return <Alert type="info" showIcon title={t('framework.sealed')} />;
  return (
    <Card title={t('framework.responses')}>
      <Table<FrameworkResponse>
        data-testid="framework-responses"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={call.responses}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** 评审与入围: the panel (at least three) and, per response, compliance and (quality first) a score. */
function EvaluatePanel({ call }: { call: FrameworkCall }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const evaluate = useEvaluateFramework();
  const [panel, setPanel] = useState([
    { name: '', role: '组长' },
    { name: '', role: '成员' },
    { name: '', role: '成员' },
  ]);
  const [reviews, setReviews] = useState<Record<string, { compliant: boolean; qualityScore?: number }>>({});
  const submit = () =>
    evaluate.mutate(
      {
        id: call.id,
        body: {
          panel,
          reviews: call.responses
            .filter((r) => r.kind === 'response')
            .map((r) => ({
              responseId: r.id,
              compliant: reviews[r.id]?.compliant ?? true,
              ...(reviews[r.id]?.qualityScore !== undefined ? { qualityScore: reviews[r.id]!.qualityScore } : {}),
            })),
        },
      },
      { onSuccess: () => void message.success(t('framework.evaluate.done')) },
    );
  return (
    <Card title={t('framework.evaluate.title')}>
      <Typography.Paragraph type="secondary">{t('framework.evaluate.hint')}</Typography.Paragraph>
      {evaluate.error ? <Alert type="error" showIcon title={problemSummary(evaluate.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Flex vertical gap={8}>
        {panel.map((p, i) => (
          <Space key={i}>
            <Input
              placeholder={t('framework.evaluate.name')}
              value={p.name}
              data-testid={`panel-${i}`}
              onChange={(e) => setPanel(panel.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
            />
            <Input
              value={p.role}
              aria-label={t('framework.evaluate.role')}
              onChange={(e) => setPanel(panel.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)))}
            />
          </Space>
        ))}
        {call.responses
          .filter((r) => r.kind === 'response')
          .map((r) => (
            <Space key={r.id}>
              <Typography.Text>{r.supplierName}</Typography.Text>
              <Checkbox
                checked={reviews[r.id]?.compliant ?? true}
                onChange={(e) => setReviews({ ...reviews, [r.id]: { ...reviews[r.id], compliant: e.target.checked } })}
              >
                {t('framework.evaluate.compliant')}
              </Checkbox>
              {call.method === 'quality_first' ? (
                <InputNumber
                  min={0}
                  max={100}
                  placeholder={t('framework.evaluate.score')}
                  onChange={(v) =>
                    setReviews({ ...reviews, [r.id]: { compliant: reviews[r.id]?.compliant ?? true, qualityScore: v ?? undefined } })
                  }
                />
              ) : null}
            </Space>
          ))}
        <Button type="primary" loading={evaluate.isPending} onClick={submit} data-testid="framework-evaluate">
          {t('framework.evaluate.submit')}
        </Button>
      </Flex>
    </Card>
  );
}

function JoinDecisions({ call }: { call: FrameworkCall }) {
  const { t } = useTranslation();
  const decide = useDecideJoin();
  const pending = call.responses.filter((r) => r.kind === 'join' && r.admitted === null);
  if (pending.length === 0) return null;
  return (
    <Card title={t('framework.join.title')}>
      {pending.map((r) => (
        <Space key={r.id}>
          <Typography.Text>{`${r.supplierName} · ${r.unitPriceFen === null ? '' : formatMoney(r.unitPriceFen)}`}</Typography.Text>
          <Button onClick={() => decide.mutate({ id: call.id, responseId: r.id, admit: true, reason: '资格审查合格' })}>
            {t('framework.join.admit')}
          </Button>
          <Button danger onClick={() => decide.mutate({ id: call.id, responseId: r.id, admit: false, reason: '不符合资格条件' })}>
            {t('framework.join.refuse')}
          </Button>
        </Space>
      ))}
    </Card>
  );
}

export function FiguresTable({ figures }: { figures: FrameworkFigures }) {
  const { t } = useTranslation();
  const money = (v: number) => formatMoney(v);
  const columns: TableColumnsType<FrameworkFigures['suppliers'][number]> = [
    { key: 'supplier', dataIndex: 'supplierName', title: t('framework.figures.supplier') },
    { key: 'position', dataIndex: 'position', title: t('framework.figures.position'), render: (v: number | null) => v ?? '—' },
    { key: 'direct', dataIndex: 'directFen', title: t('framework.figures.direct'), align: 'right', render: money },
    { key: 'quotation', dataIndex: 'quotationFen', title: t('framework.figures.quotation'), align: 'right', render: money },
    { key: 'rotation', dataIndex: 'rotationFen', title: t('framework.figures.rotation'), align: 'right', render: money },
    { key: 'orders', dataIndex: 'rotationOrders', title: t('framework.figures.rotationOrders'), align: 'right' },
    { key: 'skips', dataIndex: 'rotationSkips', title: t('framework.figures.skips'), align: 'right' },
  ];
  return (
    <Table
      data-testid="framework-figures"
      rowKey="supplierId"
      size="small"
      columns={columns}
      dataSource={figures.suppliers}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

function RotationOrders({ orders }: { orders: RotationOrder[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<RotationOrder> = [
    { key: 'no', dataIndex: 'orderNo', title: t('framework.rotation.orderNo') },
    { key: 'what', dataIndex: 'title', title: t('framework.rotation.what') },
    { key: 'supplier', dataIndex: 'supplierName', title: t('framework.figures.supplier') },
    { key: 'position', dataIndex: 'position', title: t('framework.response.position') },
    { key: 'total', dataIndex: 'totalFen', title: t('framework.rotation.total'), align: 'right', render: (v: number) => formatMoney(v) },
    {
      key: 'skipped',
      title: t('framework.rotation.skipped'),
      render: (_: unknown, o) => o.skipped.map((s) => `${s.supplierName}：${s.reason}`).join('；') || '—',
    },
    { key: 'at', dataIndex: 'createdAt', title: t('framework.list.submittedAt'), render: (v: string) => format.dateTime(v) },
  ];
  return (
    <Card title={t('framework.rotation.orders')}>
      <Table<RotationOrder>
        data-testid="rotation-orders"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={orders}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

/** The purchaser's ways to buy under the agreement: a rotation call-off, or a second-stage quotation. */
function PurchaserActions({ call }: { call: FrameworkCall }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const place = usePlaceRotation();
  const orders = useRotationOrders(call.id);
  const session = useCurrentSession();
  const lines = useAllBudgetLines(session.organization.id);
  return (
    <>
      {call.categoryCode.startsWith('C') ? (
        <Card title={t('framework.rotation.title')}>
          <Typography.Paragraph type="secondary">{t('framework.rotation.hint')}</Typography.Paragraph>
          {place.error ? <Alert type="error" showIcon title={problemSummary(place.error, t)} style={{ marginBottom: 12 }} /> : null}
          <Form<{ title: string; quantity: number; budgetLineId: string }>
            layout="inline"
            initialValues={{ quantity: 1 }}
            onFinish={(v) =>
              place.mutate(
                { id: call.id, ...v },
                {
                  onSuccess: (o) => void message.success(t('framework.rotation.done', { supplier: o.supplierName, position: o.position })),
                },
              )
            }
          >
            <Form.Item name="title" label={t('framework.rotation.what')} rules={[{ required: true, min: 4 }]}>
              <Input data-testid="rotation-title" />
            </Form.Item>
            <Form.Item name="quantity" label={t('framework.rotation.quantity')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item
              name="budgetLineId"
              label={t('framework.rotation.budgetLine')}
              rules={[{ required: true, message: t('framework.rotation.budgetLineRequired') }]}
            >
              <Select
                style={{ minWidth: 240 }}
                loading={lines.isPending}
                data-testid="rotation-budget-line"
                options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.code} ${l.name}（${formatMoney(l.freeFen)}）` }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={place.isPending} data-testid="rotation-submit">
              {t('framework.rotation.submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Card title={t('framework.secondStage.title')}>
        <Typography.Paragraph type="secondary">{t('framework.secondStage.hint')}</Typography.Paragraph>
        <Link to={`/purchaser/quotations/new?frameworkCallId=${call.id}&categoryCode=${call.categoryCode}`}>
          <Button>{t('framework.secondStage.start')}</Button>
        </Link>
      </Card>
      {orders.data?.length ? <RotationOrders orders={orders.data} /> : null}
    </>
  );
}

/** The supplier's response before the deadline, or its request to join an open agreement during the term. */
function SupplierActions({ call }: { call: FrameworkCall }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const respond = useRespondFramework();
  const join = call.status === 'admitted' && call.entry === 'open';
  if (call.status !== 'open' && !join) return null;
  return (
    <Card title={join ? t('framework.join.title') : t('framework.respond.title')}>
      {respond.error ? <Alert type="error" showIcon title={problemSummary(respond.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Form<{ price: string; qualityOffer?: string }>
        layout="vertical"
        onFinish={(v) =>
          respond.mutate(
            { id: call.id, unitPriceFen: parseYuan(v.price) ?? 0, qualityOffer: v.qualityOffer ?? '', join },
            {
              onSuccess: (r) =>
                void message.success(join ? t('framework.join.done') : t('framework.respond.done', { digest: r.digest.slice(0, 16) })),
            },
          )
        }
      >
        <Form.Item name="price" label={t('framework.respond.price')} rules={[{ required: true }]}>
          <Input inputMode="decimal" data-testid="respond-price" />
        </Form.Item>
        {call.method === 'quality_first' ? (
          <Form.Item name="qualityOffer" label={t('framework.respond.quality')}>
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={respond.isPending} data-testid="respond-submit">
          {join ? t('framework.join.submit') : t('framework.respond.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function FrameworkPage({ side }: { side: FrameworkSide }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const staffSide = side === 'center' || side === 'regulator';
  const staff = useStaffFramework(id, staffSide);
  const open = usePublicFramework(id, !staffSide);
  const query = staffSide ? staff : open;
  const figures = useFrameworkFigures(id, staffSide && query.data?.status === 'admitted');
  const rotations = useRotationOrders(id, staffSide && query.data?.status === 'admitted');
  if (query.error) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const call = query.data;
  if (!call) return null;
  return (
    <Flex vertical gap={12}>
      <PageTitle>{call.title}</PageTitle>
      <Summary call={call} />
      <ResponsesTable call={call} />
      {side === 'center' && call.status === 'closed' ? <EvaluatePanel call={call} /> : null}
      {side === 'center' && call.status === 'admitted' ? <JoinDecisions call={call} /> : null}
      {side === 'supplier' ? <SupplierActions call={call} /> : null}
      {side === 'purchaser' && call.status === 'admitted' ? <PurchaserActions call={call} /> : null}
      {figures.data ? (
        <Card title={t('framework.figures.title')}>
          <FiguresTable figures={figures.data} />
        </Card>
      ) : null}
      {rotations.data?.length ? <RotationOrders orders={rotations.data} /> : null}
      {side === 'public' ? <Typography.Text type="secondary">{t('framework.title')}</Typography.Text> : null}
    </Flex>
  );
}

export const PublicFrameworkPage = () => (
  <div className="app-content">
    <FrameworkPage side="public" />
  </div>
);
export const CenterFrameworkPage = () => <FrameworkPage side="center" />;
export const SupplierFrameworkPage = () => <FrameworkPage side="supplier" />;
export const PurchaserFrameworkPage = () => <FrameworkPage side="purchaser" />;
export const RegulatorFrameworkPage = () => <FrameworkPage side="regulator" />;
