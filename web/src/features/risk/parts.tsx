import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertSeverity, AlertStatus, RiskRule, Rule } from './api.ts';

// One colour per state, as everywhere in the storefront: waiting on someone (warm), in hand (blue), done (grey).
const severityColors: Record<AlertSeverity, string> = { high: 'red', medium: 'orange', low: 'blue' };
const statusColors: Record<AlertStatus, string> = { open: 'gold', assigned: 'blue', closed: 'default' };
const resolutionColors = { confirmed: 'red', dismissed: 'default' } as const;

export function AlertSeverityTag({ severity }: { severity: AlertSeverity }) {
  const { t } = useTranslation();
  return (
    <Tag color={severityColors[severity]} variant="solid" data-testid="alert-severity">
      {t(`risk.severity.${severity}`)}
    </Tag>
  );
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-testid="alert-status">
      {t(`risk.status.${status}`)}
    </Tag>
  );
}

export function ResolutionTag({ resolution }: { resolution: keyof typeof resolutionColors }) {
  const { t } = useTranslation();
  return (
    <Tag color={resolutionColors[resolution]} variant="outlined">
      {t(`risk.resolution.${resolution}`)}
    </Tag>
  );
}

/** A rule's name in the current language (i18n.language), from the rules the server describes. */
export function ruleName(rule: RiskRule, rules: Rule[] | undefined, language: string): string {
  const found = rules?.find((r) => r.rule === rule);
  if (!found) return rule;
  return language === 'en' ? found.nameEn : found.name;
}
