import { AuditOutlined, CarOutlined, CheckSquareOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { TaskCount } from '../credit/RegulatorTasks.tsx';
import { useOrderCount, type OrderStatus, type OrderView } from './api.ts';

interface Queue {
  status: OrderStatus;
  key: 'pendingApproval' | 'toConfirm' | 'toShip' | 'toAccept' | 'inApproval';
  icon: React.ReactNode;
}

const queues: Record<Exclude<OrderView, 'regulator'>, Queue[]> = {
  approver: [{ status: 'pending_approval', key: 'pendingApproval', icon: <AuditOutlined /> }],
  supplier: [
    { status: 'placed', key: 'toConfirm', icon: <CheckSquareOutlined /> },
    { status: 'confirmed', key: 'toShip', icon: <CarOutlined /> },
  ],
  purchaser: [
    { status: 'delivered', key: 'toAccept', icon: <InboxOutlined /> },
    { status: 'pending_approval', key: 'inApproval', icon: <FileSearchOutlined /> },
  ],
};

function QueueCard({ view, queue }: { view: OrderView; queue: Queue }) {
  const { t } = useTranslation();
  const count = useOrderCount(queue.status);
  return (
    <TaskCount
      title={t(`orders.home.${queue.key}`)}
      hint={t(`orders.home.${queue.key}Hint`)}
      icon={queue.icon}
      to={`/${view}/orders?status=${queue.status}`}
      query={count}
      testId={`orders-${queue.status}`}
    />
  );
}

/** 待办 of the e-mall orders on a role home: how many wait on this side, each a link to the filtered list. */
export function OrderTasks({ view }: { view: Exclude<OrderView, 'regulator'> }) {
  const list = queues[view];
  return (
    <Row gutter={[16, 16]}>
      {list.map((q) => (
        <Col key={q.status} xs={24} md={12}>
          <QueueCard view={view} queue={q} />
        </Col>
      ))}
    </Row>
  );
}
