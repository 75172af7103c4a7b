import {
  CarOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  DollarOutlined,
  InboxOutlined,
  RollbackOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Rate, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../app/api.ts';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { problemSummary } from '../../app/components/states.tsx';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useOrderAction, type Order, type OrderAction, type OrderStatus, type OrderView } from './api.ts';
import { useFindingWords } from './findingWords.ts';
import { useShipments } from './OrderTracking.tsx';
import { acceptBody, orderActionBody, orderTransitions, rejectBody } from './schema.ts';

/** Each side's buttons in the order they are offered; the state machine decides which apply now. */
const offered: Record<OrderView, OrderAction[]> = {
  approver: ['approve', 'return'],
  // The supplier ships by consignment (carrier, waybill, serials) in the order's tracking card (OrderTracking).
  supplier: ['confirm', 'deliver', 'decline'],
  purchaser: ['accept', 'reject', 'settle', 'cancel'],
  regulator: [],
};

export function actionsFor(view: OrderView, status: OrderStatus): OrderAction[] {
  return offered[view].filter((a) => (orderTransitions[a].from as readonly OrderStatus[]).includes(status));
}

const icons: Record<OrderAction, React.ReactNode> = {
  approve: <CheckOutlined />,
  return: <RollbackOutlined />,
  confirm: <CheckCircleOutlined />,
  decline: <CloseCircleOutlined />,
  ship: <CarOutlined />,
  deliver: <InboxOutlined />,
  accept: <CheckCircleOutlined />,
  reject: <CloseCircleOutlined />,
  settle: <DollarOutlined />,
  cancel: <StopOutlined />,
};

// A reason the server requires (return, decline) or the unit records (cancel): at least 2 characters.
const reasonRequired = orderActionBody.shape.reason.unwrap().min(2);
const reasonSchemas: Partial<Record<OrderAction, typeof reasonRequired>> = {
  return: reasonRequired,
  decline: reasonRequired,
  cancel: reasonRequired,
  reject: rejectBody.shape.reason,
};

type Ask = 'approve' | 'accept' | 'return' | 'decline' | 'cancel' | 'reject';
type Callbacks = { onSuccess: () => void; onError: (error: unknown) => void };

/** 审批通过 with an optional opinion (审批意见). */
function ApproveModal({
  open,
  order,
  pending,
  onSubmit,
  onClose,
}: {
  open: boolean;
  order: Order;
  pending: boolean;
  onSubmit: (reason: string | undefined, cb: Callbacks) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const words = useFindingWords();
  const [form] = Form.useForm<{ reason?: string }>();
  const problem = useFormProblem(form, ['reason']);
  return (
    <Modal
      open={open}
      title={t('orders.actions.approveTitle', { orderNo: order.orderNo })}
      okText={t('orders.actions.approve')}
      okButtonProps={{ loading: pending, disabled: pending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('orders.actions.hints.approve')}</Typography.Paragraph>
      {order.approvalReasons.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('orders.detail.approvalReasons')}
          description={
            <ul className="plain-list">
              {words.approvalReasons(order).map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={pending}
        onFinish={(v) => onSubmit(v.reason?.trim() || undefined, { onSuccess: onClose, onError: problem.onError })}
      >
        <Form.Item
          name="reason"
          label={t('orders.actions.opinion')}
          rules={[zodRule(orderActionBody.shape.reason, t('orders.actions.opinion'), t)]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('orders.actions.opinionPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AcceptValues {
  rating?: number;
  comment?: string;
}

/** 验收: a rating of 1–5 and an optional comment; acceptance spends the reserved budget. */
function AcceptModal({
  open,
  order,
  pending,
  onSubmit,
  onClose,
}: {
  open: boolean;
  order: Order;
  pending: boolean;
  onSubmit: (values: { rating: number; comment?: string }, cb: Callbacks) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AcceptValues>();
  const problem = useFormProblem(form, ['rating', 'comment']);
  const rating = t('orders.actions.rating');
  const tips = [1, 2, 3, 4, 5].map((n) => t(`orders.actions.stars.${n as 1 | 2 | 3 | 4 | 5}`));
  return (
    <Modal
      open={open}
      title={t('orders.actions.acceptTitle', { orderNo: order.orderNo })}
      okText={t('orders.actions.accept')}
      okButtonProps={{ loading: pending, disabled: pending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('orders.actions.hints.accept')}</Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form<AcceptValues>
        form={form}
        layout="vertical"
        disabled={pending}
        onFinish={(v) =>
          onSubmit(
            { rating: v.rating ?? 0, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) },
            { onSuccess: onClose, onError: problem.onError },
          )
        }
      >
        <Form.Item
          name="rating"
          required
          label={rating}
          rules={[zodRule(acceptBody.shape.rating, rating, t, { missing: t('orders.actions.ratingMissing') })]}
          extra={t('orders.actions.ratingHint')}
        >
          <Rate tooltips={tips} data-testid="accept-rating" />
        </Form.Item>
        <Form.Item
          name="comment"
          label={t('orders.actions.comment')}
          rules={[zodRule(acceptBody.shape.comment, t('orders.actions.comment'), t)]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('orders.actions.commentPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The steps this side may take on the order now (approver: approve/return; supplier: confirm, ship,
 * deliver, decline; purchaser: accept/reject, settle, cancel before confirmation). A refusal (409: the
 * state moved on; 422: a rule) is shown here and the order is read again.
 */
export function OrderActions({ order, view }: { order: Order; view: OrderView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const act = useOrderAction();
  const [asking, setAsking] = useState<Ask | null>(null);
  const [error, setError] = useState<string | null>(null);
  // An order shipped in consignments is delivered by them, each as it arrives (the tracking card): the plain
  // step is for one shipped as a whole without a waybill record (the server refuses it otherwise).
  const shipments = useShipments(order.id, view === 'supplier' && order.status === 'shipped');
  const consigned = (shipments.data?.items.length ?? 0) > 0;
  const actions = actionsFor(view, order.status).filter(
    (a) => !(a === 'deliver' && (consigned || shipments.isPending || shipments.isFetching)),
  );
  if (actions.length === 0) return null;

  const run = (action: OrderAction, body: { reason?: string | undefined; rating?: number; comment?: string }, callbacks?: Callbacks) => {
    setError(null);
    act.mutate(
      { orderId: order.id, action, ...body },
      {
        onSuccess: () => {
          void message.success(t(`orders.actions.done.${action}`));
          callbacks?.onSuccess();
        },
        onError: (e) => {
          if (isApiProblem(e) && e.status === 409) void client.invalidateQueries({ queryKey: ['orders', 'detail', order.id] });
          if (callbacks) callbacks.onError(e);
          else setError(problemSummary(e, t));
        },
      },
    );
  };

  const button = (action: OrderAction, primary: boolean, onClick?: () => void) => (
    <Button
      key={action}
      type={primary ? 'primary' : 'default'}
      danger={action === 'decline' || action === 'reject' || action === 'cancel' || action === 'return'}
      icon={icons[action]}
      disabled={act.isPending}
      loading={act.isPending && act.variables?.action === action}
      onClick={onClick}
      data-testid={`action-${action}`}
    >
      {t(`orders.actions.${action}`)}
    </Button>
  );

  const buttons = actions.map((action, i) => {
    if (action === 'confirm' || action === 'ship' || action === 'deliver' || action === 'settle') {
      return (
        <Popconfirm
          key={action}
          title={t(`orders.actions.confirms.${action}`, { orderNo: order.orderNo })}
          description={<div style={{ maxWidth: 320 }}>{t(`orders.actions.hints.${action}`)}</div>}
          okText={t(`orders.actions.${action}`)}
          onConfirm={() => run(action, {})}
        >
          {button(action, i === 0)}
        </Popconfirm>
      );
    }
    return button(action, i === 0, () => setAsking(action));
  });

  const reasonAction = asking && asking !== 'approve' && asking !== 'accept' ? asking : null;
  return (
    <Flex vertical gap={8} data-testid="order-actions">
      {error ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setError(null) }}
          title={t('orders.actions.failed')}
          description={error}
          data-testid="action-error"
        />
      ) : null}
      <Flex gap={8} wrap>
        {buttons}
      </Flex>
      <ApproveModal
        open={asking === 'approve'}
        order={order}
        pending={act.isPending}
        onSubmit={(reason, cb) => run('approve', { reason }, cb)}
        onClose={() => setAsking(null)}
      />
      <AcceptModal
        open={asking === 'accept'}
        order={order}
        pending={act.isPending}
        onSubmit={(v, cb) => run('accept', v, cb)}
        onClose={() => setAsking(null)}
      />
      <ReasonModal
        open={reasonAction !== null}
        title={reasonAction ? t(`orders.actions.titles.${reasonAction}`, { orderNo: order.orderNo }) : ''}
        description={reasonAction ? t(`orders.actions.hints.${reasonAction}`) : undefined}
        label={reasonAction ? t(`orders.actions.reasons.${reasonAction}`) : ''}
        schema={(reasonAction && reasonSchemas[reasonAction]) || reasonRequired}
        okText={reasonAction ? t(`orders.actions.${reasonAction}`) : ''}
        danger
        pending={act.isPending}
        onSubmit={(reason, cb) => reasonAction && run(reasonAction, { reason }, cb)}
        onClose={() => setAsking(null)}
      />
    </Flex>
  );
}
