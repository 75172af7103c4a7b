import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Flex, Grid, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { findingColors, orderStatusColors } from '../../app/theme.ts';
import type { Finding, FindingLevel, Order, OrderStatus } from './api.ts';
import { useFindingWords } from './findingWords.ts';

/** An order's state, 待审批 … 已结算, one colour per state everywhere. */
export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={orderStatusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="order-status">
      {t(`orders.status.${status}`)}
    </Tag>
  );
}

/** 不可下单 / 需审批 / 提示: how much a finding weighs. */
export function FindingLevelTag({ level }: { level: FindingLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={findingColors[level]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.level.${level}`)}
    </Tag>
  );
}

const levels: readonly FindingLevel[] = ['block', 'approval', 'info'];
const alertType = { block: 'error', approval: 'warning', info: 'info' } as const;

/**
 * The policy findings, the heaviest first: each with what it means for this order and the rule it
 * comes from (UI.md: numbers that matter are shown with the rule they come from).
 */
export function FindingsList({ findings, empty }: { findings: readonly Finding[]; empty?: React.ReactNode }) {
  const { t } = useTranslation();
  const words = useFindingWords();
  if (findings.length === 0) return empty ? <>{empty}</> : null;
  const sorted = levels.flatMap((level) => findings.filter((f) => f.level === level));
  return (
    <Flex vertical gap={8} data-testid="findings">
      {sorted.map((f, i) => (
        <Alert
          key={`${f.code}-${f.listingId ?? ''}-${i}`}
          type={alertType[f.level]}
          showIcon
          data-testid={`finding-${f.level}`}
          data-code={f.code}
          title={
            <span className="finding-title">
              <FindingLevelTag level={f.level} /> <span>{words.text(f)}</span>
            </span>
          }
          description={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('orders.findings.basis', { basis: words.basis(f) })}
            </Typography.Text>
          }
        />
      ))}
    </Flex>
  );
}

type StepKey = 'placed' | 'approval' | 'confirm' | 'ship' | 'deliver' | 'accept' | 'settle';

/** Where each state stands in the steps: the step being worked on now. */
const currentStep: Record<OrderStatus, StepKey> = {
  pending_approval: 'approval',
  placed: 'confirm',
  confirmed: 'ship',
  shipped: 'deliver',
  delivered: 'accept',
  accepted: 'settle',
  rejected: 'accept',
  settled: 'settle',
  cancelled: 'confirm',
};

/**
 * 订单进度: 提交 → (单位审批) → 供应商确认 → 发货 → 送达 → 验收 → 结算, the current step and, under
 * it, what happens next and by when.
 */
export function OrderProgress({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useFormat();
  const screens = Grid.useBreakpoint();
  const keys: StepKey[] = [
    'placed',
    ...(order.needsApproval ? (['approval'] as const) : []),
    'confirm',
    'ship',
    'deliver',
    'accept',
    'settle',
  ];
  // A cancelled order that never got a confirmation deadline ended in approval (returned or withdrawn there).
  const at: StepKey =
    order.status === 'cancelled' && order.needsApproval && !order.confirmDeadline ? 'approval' : currentStep[order.status];
  const current = keys.indexOf(at);
  const ended = order.status === 'cancelled' || order.status === 'rejected';
  const done = order.status === 'settled';
  const next = t(`orders.next.${order.status}`, {
    deadline: order.confirmDeadline ? format.dateTime(order.confirmDeadline) : t('common.none'),
    expected: order.expectedDeliveryBy ? format.date(order.expectedDeliveryBy) : t('common.none'),
  });
  const tone = ended ? 'ended' : done ? 'done' : 'open';
  const icon = ended ? <CloseCircleOutlined /> : done ? <CheckCircleOutlined /> : <ClockCircleOutlined />;
  // On a phone seven vertical steps would fill the screen: one row of dots, the current title under it.
  const compact = Object.keys(screens).length > 0 && !screens.md;
  return (
    <Flex vertical gap={12}>
      <Steps
        size="small"
        type={compact ? 'inline' : 'default'}
        responsive={false}
        current={current}
        status={ended ? 'error' : done ? 'finish' : 'process'}
        items={keys.map((key) => ({ key, title: t(`orders.steps.${key}`) }))}
        data-testid="order-steps"
      />
      <div className={`order-next order-next-${tone}`} data-testid="order-next">
        <span className="order-next-icon">{icon}</span>
        <div>
          <Typography.Text strong>
            {compact ? `${t(`orders.steps.${at}`)} · ${t('orders.detail.next')}` : t('orders.detail.next')}
          </Typography.Text>
          <div>{next}</div>
        </div>
      </div>
    </Flex>
  );
}
