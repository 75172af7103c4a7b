import { CheckSquareOutlined, EditOutlined, PauseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { TaskCount } from '../credit/RegulatorTasks.tsx';
import { useListings } from './api.ts';

/** 待办 of the e-mall for center staff: listings waiting for review, and those among them whose price is flagged. */
export function CenterCatalogueTasks() {
  const { t } = useTranslation();
  const submitted = useListings({ page: 1, pageSize: 1, status: 'submitted' });
  const flagged = useListings({ page: 1, pageSize: 1, status: 'submitted', flagged: 'true' });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <TaskCount
          title={t('catalogue.home.review')}
          hint={t('catalogue.home.reviewHint')}
          icon={<CheckSquareOutlined />}
          to="/center/listings/review"
          query={submitted}
          testId="listings-to-review"
        />
      </Col>
      <Col xs={24} md={12}>
        <TaskCount
          title={t('catalogue.home.flagged')}
          hint={t('catalogue.home.flaggedHint')}
          icon={<WarningOutlined />}
          to="/center/listings/review?flagged=true"
          query={flagged}
          testId="listings-flagged"
        />
      </Col>
    </Row>
  );
}

/** 待办 of a supplier: drafts (new or returned by the reviewer) to submit, and suspended listings. */
export function SupplierCatalogueTasks() {
  const { t } = useTranslation();
  const drafts = useListings({ page: 1, pageSize: 1, status: 'draft' });
  const suspended = useListings({ page: 1, pageSize: 1, status: 'suspended' });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <TaskCount
          title={t('catalogue.home.drafts')}
          hint={t('catalogue.home.draftsHint')}
          icon={<EditOutlined />}
          to="/supplier/listings?status=draft"
          query={drafts}
          testId="listing-drafts"
        />
      </Col>
      <Col xs={24} md={12}>
        <TaskCount
          title={t('catalogue.home.suspended')}
          hint={t('catalogue.home.suspendedHint')}
          icon={<PauseCircleOutlined />}
          to="/supplier/listings?status=suspended"
          query={suspended}
          testId="listings-suspended"
        />
      </Col>
    </Row>
  );
}
