import { ArrowLeftOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { LoadError, NotFoundPage } from '../../app/components/states.tsx';
import { formatMoney } from '../../app/format.ts';
import { useSession } from '../../app/session.ts';
import { useBudgetLine } from '../budget/api.ts';
import { useCancelQuotation, usePublicQuotation, useQuotation, type PartyView, type Quotation } from './api.ts';
import { pastDeadline, QuotationProgress, QuotationStatusTag, RequirementDescriptions, ResultSection } from './parts.tsx';
import { cancelQuotationBody } from './schema.ts';

/** The budget line the ceiling is reserved on, by its code and name (its unit and regulators only). */
function BudgetLineText({ orgId, lineId, view }: { orgId: string; lineId: string; view: PartyView }) {
  const { t } = useTranslation();
  const { line } = useBudgetLine(orgId, lineId);
  if (!line) return <span className="hash">{lineId}</span>;
  const text = (
    <>
      <span className="hash">{line.code}</span> {line.name}
    </>
  );
  return (
    <span data-testid="quotation-budget-line">
      {view === 'regulator' ? text : <Link to={`/${view}/budget/${encodeURIComponent(line.id)}`}>{text}</Link>}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('quotation.detail.budgetFree', { free: formatMoney(line.freeFen) })}
      </Typography.Text>
    </span>
  );
}

/** The page's cards: progress, requirement, result; the same for every reader, with the unit's extras. */
function QuotationBody({
  q,
  extra,
  mine,
}: {
  q: Quotation;
  extra?: { key: string; label: string; children: React.ReactNode }[];
  mine?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Card title={t('quotation.detail.progress')} size="small">
        <QuotationProgress q={q} />
      </Card>
      <Card title={t('quotation.detail.requirement')} size="small">
        <RequirementDescriptions q={q} extra={extra ?? []} />
      </Card>
      <Card title={t('quotation.detail.result')} size="small" data-testid="result-card">
        <ResultSection q={q} mine={mine} />
      </Card>
    </Flex>
  );
}

function Title({ q }: { q: Quotation }) {
  return (
    <Flex gap={8} wrap align="center">
      <span style={{ overflowWrap: 'anywhere' }}>{q.title}</span>
      <QuotationStatusTag status={q.status} />
    </Flex>
  );
}

/** A quotation of the unit (purchaser, approver) or of any unit (regulator): the purchaser may withdraw it while open. */
function PartyQuotationPage({ view }: { view: PartyView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const quotation = useQuotation(id);
  const cancel = useCancelQuotation();
  const [cancelling, setCancelling] = useState(false);
  const back = (
    <Link to={`/${view}/quotations`}>
      <Button icon={<ArrowLeftOutlined />}>{t('quotation.detail.back')}</Button>
    </Link>
  );
  if (quotation.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (quotation.isError)
    return isApiProblem(quotation.error) && quotation.error.status === 404 ? (
      <NotFoundPage />
    ) : (
      <LoadError error={quotation.error} onRetry={() => void quotation.refetch()} />
    );
  const q = quotation.data;
  const mayCancel = view === 'purchaser' && q.status === 'open' && !pastDeadline(q);
  const extra = [
    ...(q.budgetLineId
      ? [
          {
            key: 'budget',
            label: t('quotation.fields.budgetLine'),
            children: <BudgetLineText orgId={q.purchaserOrgId} lineId={q.budgetLineId} view={view} />,
          },
        ]
      : []),
    ...(q.orderId
      ? [
          {
            key: 'order',
            label: t('quotation.fields.order'),
            children: (
              <Link to={`/${view}/orders/${encodeURIComponent(q.orderId)}`} data-testid="quotation-order-link">
                {t('quotation.detail.viewOrder')}
              </Link>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageTitle
        extra={
          <>
            {back}
            {mayCancel ? (
              <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="cancel-quotation">
                {t('quotation.cancel.open')}
              </Button>
            ) : null}
          </>
        }
      >
        <Title q={q} />
      </PageTitle>
      <QuotationBody q={q} extra={extra} />
      <ReasonModal
        open={cancelling}
        title={t('quotation.cancel.title', { no: q.quotationNo })}
        description={t('quotation.cancel.description', { ceiling: formatMoney(q.ceilingFen) })}
        label={t('quotation.cancel.reason')}
        schema={cancelQuotationBody.shape.reason}
        okText={t('quotation.cancel.submit')}
        danger
        pending={cancel.isPending}
        onSubmit={(reason, callbacks) =>
          cancel.mutate(
            { quotationId: q.id, reason },
            {
              onSuccess: () => {
                void message.success(t('quotation.cancel.done'));
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

export const PurchaserQuotationPage = () => <PartyQuotationPage view="purchaser" />;
export const ApproverQuotationPage = () => <PartyQuotationPage view="approver" />;
export const RegulatorQuotationPage = () => <PartyQuotationPage view="regulator" />;

/** 竞价公告 / 结果 (public, no login): the requirement; once closed every quote with its price and evaluation price. */
export function PublicQuotationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const quotation = usePublicQuotation(id);
  const session = useSession();
  const supplier = session.data?.user.roles.includes('supplier') ?? false;
  let body: React.ReactNode;
  if (quotation.isPending) body = <Skeleton active paragraph={{ rows: 12 }} />;
  else if (quotation.isError)
    body =
      isApiProblem(quotation.error) && quotation.error.status === 404 ? (
        <NotFoundPage />
      ) : (
        <LoadError error={quotation.error} onRetry={() => void quotation.refetch()} />
      );
  else {
    const q = quotation.data;
    body = (
      <>
        <PageTitle
          extra={
            <>
              <Link to="/quotations">
                <Button icon={<ArrowLeftOutlined />}>{t('quotation.public.back')}</Button>
              </Link>
              {supplier && q.status === 'open' && !pastDeadline(q) ? (
                <Link to={`/supplier/quotations/${encodeURIComponent(q.id)}`}>
                  <Button type="primary" icon={<EditOutlined />}>
                    {t('quotation.list.quote')}
                  </Button>
                </Link>
              ) : null}
            </>
          }
        >
          <Title q={q} />
        </PageTitle>
        <QuotationBody q={q} mine={supplier ? session.data?.organization.id : undefined} />
      </>
    );
  }
  return <div className="app-content">{body}</div>;
}
