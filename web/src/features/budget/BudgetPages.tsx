import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { useCurrentSession } from '../../app/session.ts';
import { movementsPath, useBudgetLine, useBudgetMovements, type BudgetLine, type BudgetMovement } from './api.ts';
import { BudgetLinesTable, BudgetUsage } from './BudgetLinesTable.tsx';

type BudgetView = 'purchaser' | 'approver';

const kindColors: Record<BudgetMovement['kind'], string> = { reserve: 'gold', release: 'default', spend: 'green' };

/** 预算指标: the unit's lines with amount, reserved, spent and free; each opens its history. */
function BudgetLinesView({ view }: { view: BudgetView }) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  return (
    <>
      <PageTitle>{t('budget.pageTitle')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('budget.intro')}</Typography.Paragraph>
      <BudgetLinesTable orgId={session.organization.id} linkBase={`/${view}/budget`} title={session.organization.name} exportable />
    </>
  );
}

function LineSummary({ line }: { line: BudgetLine }) {
  const { t } = useTranslation();
  const stat = (key: 'amount' | 'reserved' | 'spent' | 'free', fen: number, color?: string) => (
    <Col xs={12} md={6}>
      <Statistic
        title={t(`budget.${key}`)}
        value={formatMoney(fen)}
        styles={{ content: { fontSize: 20, fontVariantNumeric: 'tabular-nums', ...(color ? { color } : {}) } }}
        data-testid={`budget-${key}`}
      />
    </Col>
  );
  return (
    <Card>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'code', label: t('budget.code'), children: <span className="hash">{line.code}</span> },
          { key: 'name', label: t('budget.name'), children: line.name },
          { key: 'year', label: t('budget.fiscalYear'), children: line.fiscalYear },
          { key: 'fund', label: t('budget.fundSource'), children: line.fundSource },
        ]}
      />
      <Row gutter={[16, 16]} style={{ marginTop: 8 }}>
        {stat('amount', line.amountFen)}
        {stat('reserved', line.reservedFen, '#d48806')}
        {stat('spent', line.spentFen, '#389e0d')}
        {stat('free', line.freeFen, '#1f4e9c')}
      </Row>
      <div style={{ marginTop: 12, maxWidth: 480 }}>
        <BudgetUsage line={line} />
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('budget.freeRule')}
      </Typography.Paragraph>
    </Card>
  );
}

function Movements({ orgId, line, view }: { orgId: string; line: BudgetLine; view: BudgetView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListParams([]);
  const movements = useBudgetMovements(orgId, line.id, list.page, list.pageSize);
  const columns: TableColumnsType<BudgetMovement> = [
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('budget.movedAt'),
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    {
      key: 'kind',
      dataIndex: 'kind',
      title: t('budget.kind'),
      render: (k: BudgetMovement['kind']) => (
        <Tag color={kindColors[k]} data-testid={`movement-${k}`}>
          {t(`budget.kinds.${k}`)}
        </Tag>
      ),
    },
    {
      key: 'amount',
      dataIndex: 'amountFen',
      title: t('budget.movedAmount'),
      align: 'right',
      render: (fen: number) => <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(fen)}</span>,
    },
    {
      key: 'effect',
      title: t('budget.effect'),
      render: (_: unknown, m) => (
        <Typography.Text type="secondary" style={{ whiteSpace: 'normal', display: 'inline-block', minWidth: 180 }}>
          {t(`budget.effects.${m.kind}`)}
        </Typography.Text>
      ),
    },
    {
      key: 'order',
      dataIndex: 'orderNo',
      title: t('budget.order'),
      render: (no: string | null, m) =>
        m.orderId && no ? (
          <Link to={`/${view}/orders/${encodeURIComponent(m.orderId)}`} className="hash">
            {no}
          </Link>
        ) : (
          t('common.none')
        ),
    },
  ];
  return (
    <Card title={t('budget.movements')}>
      <div className="table-filters">
        <ExportButtons
          path={movementsPath}
          params={{ id: orgId, lineId: line.id }}
          filename={`${t('budget.movements')}-${line.code}`}
          testId="movements-export"
        />
      </div>
      {movements.isError && !movements.data ? (
        <LoadError error={movements.error} onRetry={() => void movements.refetch()} />
      ) : (
        <Table<BudgetMovement>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={movements.data?.items ?? []}
          loading={movements.isFetching}
          pagination={tablePagination(list, movements.data?.total, t)}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: movements.isPending ? ' ' : <EmptyState title={t('budget.movementsEmpty')} hint={t('budget.movementsEmptyHint')} />,
          }}
          data-testid="budget-movements"
        />
      )}
    </Card>
  );
}

/** One budget line: its amounts and every reservation, release and spend, with the order behind each. */
function BudgetLineView({ view }: { view: BudgetView }) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const orgId = session.organization.id;
  const { lineId } = useParams();
  const found = useBudgetLine(orgId, lineId);
  const back = (
    <Link to={`/${view}/budget`}>
      <Button icon={<ArrowLeftOutlined />}>{t('budget.back')}</Button>
    </Link>
  );
  let body: React.ReactNode;
  if (found.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (found.isError) body = <LoadError error={found.error} onRetry={() => void found.refetch()} />;
  else if (!found.line || !lineId)
    body = (
      <Card>
        <EmptyState title={t('budget.notFound')} hint={t('budget.notFoundHint')} />
      </Card>
    );
  else
    body = (
      <Flex vertical gap={16}>
        <LineSummary line={found.line} />
        <Movements orgId={orgId} line={found.line} view={view} />
      </Flex>
    );
  return (
    <>
      <PageTitle extra={back}>
        {found.line ? t('budget.lineTitle', { code: found.line.code, name: found.line.name }) : t('budget.pageTitle')}
      </PageTitle>
      {body}
    </>
  );
}

export const PurchaserBudgetPage = () => <BudgetLinesView view="purchaser" />;
export const ApproverBudgetPage = () => <BudgetLinesView view="approver" />;
export const PurchaserBudgetLinePage = () => <BudgetLineView view="purchaser" />;
export const ApproverBudgetLinePage = () => <BudgetLineView view="approver" />;
