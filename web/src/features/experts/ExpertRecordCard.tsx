import { Card, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../app/api.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { useMyExpertRecord } from './api.ts';
import { ExpertDetailView } from './parts.tsx';

/** 我的专家档案 (GET /api/experts/me): title, specialties, status and ratings of the logged-in expert. */
export function ExpertRecordCard() {
  const { t } = useTranslation();
  const me = useMyExpertRecord();
  let body: React.ReactNode;
  if (me.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (me.isError && isApiProblem(me.error) && me.error.status === 404)
    body = <EmptyState title={t('experts.me.noneTitle')} hint={t('experts.me.noneHint')} />;
  else if (me.isError) body = <LoadError error={me.error} onRetry={() => void me.refetch()} />;
  else body = <ExpertDetailView expert={me.data} />;
  return <Card title={t('experts.me.title')}>{body}</Card>;
}
