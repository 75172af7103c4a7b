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

/**
 * A role home: what waits on the user in this role by deadline (待办事项), the role's queues, then the
 * organization: /supplier, /center, /regulator, /expert. An evaluation expert acts for itself, not for the
 * organization its account sits in (which it may not read): its home shows its own pool record instead.
 */
export function RoleHome({ role, children }: { role: Role; children?: React.ReactNode }) {
  const session = useCurrentSession();
  return (
    <>
      <WorkbenchIntro role={role} />
      <Flex vertical gap={16}>
        <TasksCard role={role} />
        {children}
        {role === 'expert' ? null : <OrganizationCard id={session.organization.id} />}
      </Flex>
    </>
  );
}

/** The supplier's queues beside its to-dos: orders to confirm and ship, then its listings (drafts to submit, suspended ones). */
export const SupplierHome = () => (
  <RoleHome role="supplier">
    <OrderTasks view="supplier" />
    <SupplierCatalogueTasks />
  </RoleHome>
);
/** The review queue of the e-mall beside the center's to-dos (tenders, challenges, deposits, reallocations). */
export const CenterHome = () => (
  <RoleHome role="center_staff">
    <CenterCatalogueTasks />
  </RoleHome>
);
/** The regulator's credit queues beside its to-dos (risk alerts, complaints, appeals, plans). */
export const RegulatorHome = () => (
  <RoleHome role="regulator">
    <RegulatorTasks />
  </RoleHome>
);
/** The expert's to-dos (declarations, score sheets, reports to sign), then its own pool record. */
export const ExpertHome = () => (
  <RoleHome role="expert">
    <ExpertRecordCard />
  </RoleHome>
);
