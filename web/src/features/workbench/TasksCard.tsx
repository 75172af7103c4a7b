import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/components/states.tsx';

/** 待办事项: empty until the role's journeys (tenders, scoring, credit events…) are built. */
export function TasksCard() {
  const { t } = useTranslation();
  return (
    <Card title={t('workbench.tasks')}>
      <EmptyState title={t('workbench.noTasks')} hint={t('workbench.noTasksHint')} />
    </Card>
  );
}
