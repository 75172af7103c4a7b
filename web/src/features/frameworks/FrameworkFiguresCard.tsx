import { Card, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFrameworkFigures, useStaffFrameworks } from './api.ts';
import { FiguresTable } from './FrameworkPage.tsx';

/**
 * 协议执行统计 on the dashboard (center staff: its calls; regulators: all): for one framework call, what each
 * admitted supplier sold under it by direct choice, second-stage quotation and rotation, and how often the
 * rotation gave it a call-off or passed it over.
 */
export function FrameworkFiguresCard() {
  const { t } = useTranslation();
  const calls = useStaffFrameworks({ page: 1, pageSize: 50 });
  const admitted = (calls.data?.items ?? []).filter((c) => c.status === 'admitted');
  const [picked, setPicked] = useState<string | undefined>();
  const id = picked ?? admitted[0]?.id;
  const figures = useFrameworkFigures(id, !!id);
  if (admitted.length === 0) return null;
  return (
    <Card title={t('framework.figures.title')} data-testid="framework-figures-card">
      {/* Above the table, not in the card's title bar: a call's name is long, and a phone has no room beside the title. */}
      <Select
        style={{ width: '100%', maxWidth: 480, marginBottom: 12 }}
        value={id}
        onChange={setPicked}
        options={admitted.map((c) => ({ value: c.id, label: `${c.callNo} ${c.title}` }))}
        aria-label={t('framework.list.title')}
      />
      {figures.data ? <FiguresTable figures={figures.data} /> : <Typography.Text type="secondary">…</Typography.Text>}
    </Card>
  );
}
