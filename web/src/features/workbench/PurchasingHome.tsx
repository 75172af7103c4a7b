import { Flex } from 'antd';
import { useCurrentSession } from '../../app/session.ts';
import { BudgetLinesTable } from '../budget/BudgetLinesTable.tsx';
import { OrganizationCard } from '../organizations/OrganizationCard.tsx';
import { WorkbenchIntro } from './WorkbenchIntro.tsx';

/** /purchaser and /approver: the unit and its budget lines. */
export function PurchasingHome({ role }: { role: 'purchaser' | 'approver' }) {
  const session = useCurrentSession();
  return (
    <>
      <WorkbenchIntro role={role} />
      <Flex vertical gap={16}>
        <OrganizationCard id={session.organization.id} />
        <BudgetLinesTable orgId={session.organization.id} />
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
