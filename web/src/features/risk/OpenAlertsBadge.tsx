import { Badge } from 'antd';
import { useOpenAlertCount } from './api.ts';

/** The number of open risk alerts beside the menu entry; nothing while loading, failed or zero. */
export function OpenAlertsBadge() {
  const count = useOpenAlertCount();
  return count.data ? <Badge count={count.data} size="small" overflowCount={99} data-testid="open-alerts-badge" /> : null;
}
