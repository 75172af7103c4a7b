import { Flex } from 'antd';
import { useCurrentSession } from '../../app/session.ts';
import type { Role } from '../../app/types.ts';
import { CenterCatalogueTasks, SupplierCatalogueTasks } from '../catalogue/CatalogueTasks.tsx';
import { RegulatorTasks } from '../credit/RegulatorTasks.tsx';
import { ExpertRecordCard } from '../experts/ExpertRecordCard.tsx';
import { OrderTasks } from '../orders/OrderTasks.tsx';
import { OrganizationCard } from '../organizations/OrganizationCard.tsx';
import { TasksCard } from './TasksCard.tsx';
import { WorkbenchIntro } from './WorkbenchIntro.tsx';

/** A role home with the organization and the role's tasks: /supplier, /center, /regulator, /expert. */
export function RoleHome({ role, showTasks = true, children }: { role: Role; showTasks?: boolean; children?: React.ReactNode }) {
  const session = useCurrentSession();
  return (
    <>
      <WorkbenchIntro role={role} />
      <Flex vertical gap={16}>
        {children}
        <OrganizationCard id={session.organization.id} />
        {showTasks ? <TasksCard /> : null}
      </Flex>
    </>
  );
}

/** The supplier's tasks: orders to confirm and ship, then its listings (drafts to submit, suspended ones). */
export const SupplierHome = () => (
  <RoleHome role="supplier" showTasks={false}>
    <OrderTasks view="supplier" />
    <SupplierCatalogueTasks />
  </RoleHome>
);
/** The review queue of the e-mall comes first; tenders and disposals will join the tasks. */
export const CenterHome = () => (
  <RoleHome role="center_staff">
    <CenterCatalogueTasks />
  </RoleHome>
);
/** The regulator's tasks are the credit queues: pending appeals and events waiting for confirmation. */
export const RegulatorHome = () => (
  <RoleHome role="regulator" showTasks={false}>
    <RegulatorTasks />
  </RoleHome>
);
/** The expert's own pool record comes first; assignments will join the tasks. */
export const ExpertHome = () => (
  <RoleHome role="expert">
    <ExpertRecordCard />
  </RoleHome>
);
