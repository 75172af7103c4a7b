import { ArrowRightOutlined, FileSearchOutlined, MessageOutlined } from '@ant-design/icons';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../app/components/states.tsx';
import { useCreditAppeals, useCreditEvents } from './api.ts';

/** One queue on a role home: how many wait, what they are, a link to work on them. */
export function TaskCount({
  title,
  hint,
  icon,
  to,
  query,
  testId,
}: {
  title: string;
  hint: string;
  icon: React.ReactNode;
  to: string;
  query: { isPending: boolean; isError: boolean; error: unknown; data?: { total: number } | undefined; refetch: () => unknown };
  testId: string;
}) {
  const { t } = useTranslation();
  let body: React.ReactNode;
  if (query.isPending) body = <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  else if (query.isError || !query.data) body = <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  else
    body = (
      <Statistic
        value={query.data.total}
        prefix={icon}
        suffix={t('credit.home.items')}
        styles={{ content: { color: query.data.total > 0 ? '#ad4e00' : undefined } }}
        data-testid={testId}
      />
    );
  return (
    <Card
      title={title}
      extra={
        <Link to={to}>
          {t('credit.home.open')} <ArrowRightOutlined />
        </Link>
      }
    >
      {body}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
        {hint}
      </Typography.Paragraph>
    </Card>
  );
}

/** 待办 of the regulator: appeals waiting for a decision and recorded events waiting for confirmation. */
export function RegulatorTasks() {
  const { t } = useTranslation();
  const appeals = useCreditAppeals({ page: 1, pageSize: 1, status: 'pending' });
  const events = useCreditEvents({ page: 1, pageSize: 1, status: 'recorded' });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <TaskCount
          title={t('credit.home.pendingAppeals')}
          hint={t('credit.home.pendingAppealsHint')}
          icon={<MessageOutlined />}
          to="/regulator/credit/appeals"
          query={appeals}
          testId="pending-appeals"
        />
      </Col>
      <Col xs={24} md={12}>
        <TaskCount
          title={t('credit.home.recordedEvents')}
          hint={t('credit.home.recordedEventsHint')}
          icon={<FileSearchOutlined />}
          to="/regulator/credit/events?status=recorded"
          query={events}
          testId="recorded-events"
        />
      </Col>
    </Row>
  );
}
