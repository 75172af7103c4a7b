import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../types.ts';
import { primaryColor, statusColors, type StatusKey } from '../theme.ts';

export function StatusTag({ status }: { status: StatusKey }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status]}>{t(`status.${status}`)}</Tag>;
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tag color={primaryColor} style={{ marginInlineEnd: 4 }}>
      {t(`roles.${role}`)}
    </Tag>
  );
}
