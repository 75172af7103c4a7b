import { Card, Col, Row, Skeleton, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../app/components/states.tsx';
import { usePlatformStats } from './api.ts';

export function PlatformStats() {
  const { t } = useTranslation();
  const stats = usePlatformStats();

  let body: React.ReactNode;
  if (stats.isPending) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (stats.isError) body = <LoadError error={stats.error} onRetry={() => void stats.refetch()} />;
  else {
    const figures = [
      { key: 'purchasingUnits', label: t('home.statPurchasingUnits'), value: stats.data.purchasingUnits },
      { key: 'suppliers', label: t('home.statSuppliers'), value: stats.data.suppliers },
      { key: 'categories', label: t('home.statCategories'), value: stats.data.categories },
      { key: 'experts', label: t('home.statExperts'), value: stats.data.experts },
    ];
    body = (
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} span={12}>
            <Statistic title={f.label} value={f.value} />
          </Col>
        ))}
      </Row>
    );
  }
  return <Card title={t('home.stats')}>{body}</Card>;
}
