import { Card, Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../app/format.ts';
import { usePlanExecution, type PlanExecution } from './api.ts';

type Row = PlanExecution['lines'][number];

/** 计划执行: a unit's year, each plan line's budget beside what was ordered, quoted and tendered in its 品目. */
export function PlanExecutionCard({ organizationId, fiscalYear }: { organizationId?: string | undefined; fiscalYear: number }) {
  const { t } = useTranslation();
  const execution = usePlanExecution({ organizationId, fiscalYear });
  const data = execution.data;
  return (
    <Card size="small" title={t('plans.execution.title', { year: fiscalYear })} data-testid="plan-execution">
      {data && data.lines.length === 0 ? (
        <Empty description={t('plans.execution.noPlan')} />
      ) : (
        <Table<Row>
          rowKey={(r) => `${r.itemName}-${r.categoryCode}`}
          size="small"
          loading={execution.isLoading}
          pagination={false}
          dataSource={data?.lines ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'item', title: t('plans.plan.itemName'), dataIndex: 'itemName' },
            { key: 'cat', title: t('plans.plan.categoryCode'), dataIndex: 'categoryCode' },
            { key: 'method', title: t('plans.plan.method'), render: (_, r) => <Tag>{t(`plans.method.${r.requiredMethod}`)}</Tag> },
            { key: 'planned', title: t('plans.execution.planned'), align: 'right', render: (_, r) => formatMoney(r.plannedFen) },
            { key: 'mall', title: t('plans.method.mall'), align: 'right', render: (_, r) => formatMoney(r.mallFen) },
            { key: 'quotation', title: t('plans.method.quotation'), align: 'right', render: (_, r) => formatMoney(r.quotationFen) },
            { key: 'tender', title: t('plans.method.tender'), align: 'right', render: (_, r) => formatMoney(r.tenderFen) },
            { key: 'executed', title: t('plans.execution.executed'), align: 'right', render: (_, r) => formatMoney(r.executedFen) },
          ]}
          footer={() => (data ? t('plans.execution.unplanned', { amount: formatMoney(data.unplannedFen) }) : null)}
        />
      )}
    </Card>
  );
}
