import { Card, Flex, List, Skeleton, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import type { Role } from '../../app/types.ts';
import { useTodos, type Milestone, type Todo } from './api.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The platform clock's time now: the answer's `asOf` plus what passed since it came (a demo or test clock
 * may run days away from the browser's).
 */
export const platformNow = (asOf: string, receivedAt: number) => Date.parse(asOf) + (Date.now() - receivedAt);

/** "3 天后" / "5 小时后" / "即将到期" / "已逾期 2 天", from the platform clock. */
export function relativeDue(t: TFunction, due: string, now: number): { text: string; overdue: boolean } {
  const ms = Date.parse(due) - now;
  if (ms < 0) {
    const days = Math.floor(-ms / DAY);
    return { text: days >= 1 ? t('workbench.due.overdueDays', { n: days }) : t('workbench.due.overdue'), overdue: true };
  }
  if (ms < HOUR) return { text: t('workbench.due.soon'), overdue: false };
  if (ms < DAY) return { text: t('workbench.due.hours', { n: Math.floor(ms / HOUR) }), overdue: false };
  return { text: t('workbench.due.days', { n: Math.floor(ms / DAY) }), overdue: false };
}

/** The due time in Beijing and how far it is, in red once past. */
export function DueMarker({ due, now }: { due: string | null; now: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!due)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('workbench.noDeadline')}
      </Typography.Text>
    );
  const { text, overdue } = relativeDue(t, due, now);
  return (
    <Flex gap={8} align="baseline" wrap>
      <Typography.Text type={overdue ? 'danger' : undefined} strong data-testid="todo-due-relative" data-overdue={overdue}>
        {text}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="todo-due">
        {t('workbench.dueAt', { at: format.dateTime(due) })}
      </Typography.Text>
    </Flex>
  );
}

/** What the item is called: the record's own name, or for a group of records, how many wait. */
function itemLabel(t: TFunction, item: Todo | Milestone): string {
  if (item.kind === 'plan_to_approve') return t('workbench.plan', { title: item.title });
  if (item.title) return item.title;
  if (item.kind === 'listings_to_review' || item.kind === 'credit_events_to_confirm')
    return t(`workbench.groups.${item.kind}`, { n: item.count ?? 0 });
  return t(`workbench.kinds.${item.kind as Todo['kind']}`);
}

/** One line of a role home's list: the kind, the record (a link to where to act), who and how much, and the deadline. */
export function TodoLine({ item, tag, now, testId = 'todo-item' }: { item: Todo | Milestone; tag: string; now: number; testId?: string }) {
  const { t } = useTranslation();
  const grouped = item.count !== null && item.count > 1 && item.title !== '';
  const details = [item.party, item.amountFen !== null ? formatMoney(item.amountFen) : null].filter(Boolean).join(' · ');
  return (
    <List.Item data-testid={testId} data-kind={item.kind}>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ width: '100%' }}>
        <Flex vertical gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Flex gap={8} align="center" wrap>
            <Tag color={item.kind === 'risk_alert' ? 'magenta' : 'geekblue'} style={{ marginInlineEnd: 0 }}>
              {tag}
            </Tag>
            <Link to={item.link} style={{ overflowWrap: 'anywhere' }}>
              {itemLabel(t, item)}
            </Link>
            {grouped ? <Typography.Text type="secondary">{t('workbench.records', { n: item.count ?? 0 })}</Typography.Text> : null}
          </Flex>
          {details ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {details}
            </Typography.Text>
          ) : null}
        </Flex>
        <DueMarker due={item.due} now={now} />
      </Flex>
    </List.Item>
  );
}

/** 待办事项: what waits for the signed-in user in this role, soonest due first, each a link to where to act. */
export function TasksCard({ role }: { role: Role }) {
  const { t } = useTranslation();
  const todos = useTodos(role);
  const data = todos.data;
  let body: React.ReactNode;
  if (todos.isPending) body = <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  else if (todos.isError || !data) body = <LoadError error={todos.error} onRetry={() => void todos.refetch()} />;
  else if (data.items.length === 0) body = <EmptyState title={t('workbench.noTasks')} hint={t('workbench.noTasksHint')} />;
  else {
    const now = platformNow(data.asOf, todos.dataUpdatedAt);
    body = (
      <>
        <List
          size="small"
          dataSource={data.items}
          rowKey={(item) => `${item.kind}:${item.entityId ?? ''}`}
          pagination={data.items.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
          renderItem={(item) => <TodoLine item={item} tag={t(`workbench.kinds.${item.kind}`)} now={now} />}
          data-testid="todo-list"
        />
        {data.total > data.items.length ? (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
            {t('workbench.tasksLimited', { shown: data.items.length, n: data.total })}
          </Typography.Paragraph>
        ) : null}
      </>
    );
  }
  return (
    <Card
      title={t('workbench.tasks')}
      extra={
        data ? (
          <Typography.Text type="secondary" data-testid="todo-count" data-total={data.total}>
            {t('workbench.tasksCount', { n: data.total })}
          </Typography.Text>
        ) : null
      }
      data-testid="tasks-card"
    >
      {body}
    </Card>
  );
}
