import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RoleTag } from '../../app/components/StatusTag.tsx';
import { useCurrentSession } from '../../app/session.ts';
import type { Role } from '../../app/types.ts';

/** The top line of every role home: who is working, and as which role. */
export function WorkbenchIntro({ role }: { role: Role }) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  return (
    <Flex align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('workbench.welcome', { name: session.user.displayName })}
      </Typography.Title>
      <Typography.Text type="secondary">{t('workbench.currentRole')}</Typography.Text>
      <RoleTag role={role} />
    </Flex>
  );
}
