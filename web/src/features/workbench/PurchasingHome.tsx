import { Flex } from 'antd';
import { useCurrentSession } from '../../app/session.ts';
import { BudgetLinesTable } from '../budget/BudgetLinesTable.tsx';
import { OrderTasks } from '../orders/OrderTasks.tsx';
import { OrganizationCard } from '../organizations/OrganizationCard.tsx';
import { PurchaserOverview } from './PurchaserCards.tsx';
import { TasksCard } from './TasksCard.tsx';
import { WorkbenchIntro } from './WorkbenchIntro.tsx';

/**
 * /purchaser and /approver: what waits on this side by deadline, the order queues, the unit and its budget
 * lines; the purchaser also sees its latest orders and its processes' coming dates.
 */
export function PurchasingHome({ role }: { role: 'purchaser' | 'approver' }) {
  const session = useCurrentSession();
  return (
    <>
      <WorkbenchIntro role={role} />
      <Flex vertical gap={16}>
        <TasksCard role={role} />
        {role === 'purchaser' ? <PurchaserOverview /> : null}
        <OrderTasks view={role} />
        <OrganizationCard id={session.organization.id} />
        <BudgetLinesTable orgId={session.organization.id} linkBase={`/${role}/budget`} />
      </Flex>
    </>
  );
}

export function PurchaserHome() {
  return <PurchasingHome role="purchaser" />;
}

export function ApproverHome() {
  return <PurchasingHome role="approver" />;
}
