import { Flex } from 'antd';
import { useCurrentSession } from '../../app/session.ts';
import type { Role } from '../../app/types.ts';
import { OrganizationCard } from '../organizations/OrganizationCard.tsx';
import { TasksCard } from './TasksCard.tsx';
import { WorkbenchIntro } from './WorkbenchIntro.tsx';

/** A role home with the organization and the role's tasks: /supplier, /center, /regulator, /expert. */
export function RoleHome({ role, showTasks = true }: { role: Role; showTasks?: boolean }) {
  const session = useCurrentSession();
  return (
    <>
      <WorkbenchIntro role={role} />
      <Flex vertical gap={16}>
        <OrganizationCard id={session.organization.id} />
        {showTasks ? <TasksCard /> : null}
      </Flex>
    </>
  );
}

export const SupplierHome = () => <RoleHome role="supplier" showTasks={false} />;
export const CenterHome = () => <RoleHome role="center_staff" />;
export const RegulatorHome = () => <RoleHome role="regulator" />;
export const ExpertHome = () => <RoleHome role="expert" />;
