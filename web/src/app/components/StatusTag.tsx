import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../types.ts';
import { primaryColor, severityColors, statusColors, type SeverityKey, type StatusKey } from '../theme.ts';

export function StatusTag({ status }: { status: StatusKey }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status]}>{t(`status.${status}`)}</Tag>;
}

/** A credit event's severity, 良好 … 重大. */
export function SeverityTag({ severity }: { severity: SeverityKey }) {
  const { t } = useTranslation();
  return (
    <Tag color={severityColors[severity]} variant="outlined">
      {t(`severity.${severity}`)}
    </Tag>
  );
}

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tag color={primaryColor} style={{ marginInlineEnd: 4 }}>
      {t(`roles.${role}`)}
    </Tag>
  );
}
