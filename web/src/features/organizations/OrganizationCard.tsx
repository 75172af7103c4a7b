import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, Skeleton, Tag, Tooltip } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import type { Organization, OrganizationKind } from '../../app/types.ts';
import { useRegionLabel } from '../../app/regions.ts';
import { useOrganization } from './api.ts';

type Field =
  | 'uscc'
  | 'region'
  | 'adminLevel'
  | 'unitType'
  | 'sizeClass'
  | 'industry'
  | 'legalRepresentative'
  | 'controlledByUscc'
  | 'address'
  | 'approvalThreshold';

// Facts each kind of organization is expected to have: shown even when empty, so a gap is visible.
const expected: Record<OrganizationKind, Field[]> = {
  purchasing_unit: ['region', 'adminLevel', 'unitType', 'approvalThreshold'],
  supplier: ['uscc', 'sizeClass', 'industry', 'legalRepresentative'],
  procurement_center: ['region'],
  regulator: ['region', 'adminLevel'],
  platform: [],
};

function OrganizationFacts({ org }: { org: Organization }) {
  const { t } = useTranslation();
  const format = useFormat();
  const regionLabel = useRegionLabel();
  const none = t('common.none');
  const values: Record<Field, React.ReactNode | null> = {
    uscc: org.uscc,
    region: org.regionName ? `${regionLabel(org.regionCode, org.regionName)}${org.regionCode ? ` (${org.regionCode})` : ''}` : null,
    adminLevel: org.adminLevel ? t(`adminLevel.${org.adminLevel}`) : null,
    unitType: org.unitType,
    sizeClass: org.sizeClass ? t(`sizeClass.${org.sizeClass}`) : null,
    industry: org.industry,
    legalRepresentative: org.legalRepresentative,
    controlledByUscc: org.controlledByUscc ? <span className="hash">{org.controlledByUscc}</span> : null,
    address: org.address,
    approvalThreshold: org.approvalThresholdFen === null ? null : format.money(org.approvalThresholdFen),
  };
  const labels: Record<Field, React.ReactNode> = {
    uscc: t('org.uscc'),
    region: t('org.region'),
    adminLevel: t('org.adminLevel'),
    unitType: t('org.unitType'),
    sizeClass: t('org.sizeClass'),
    industry: t('org.industry'),
    legalRepresentative: t('org.legalRepresentative'),
    controlledByUscc: t('org.controlledByUscc'),
    address: t('org.address'),
    approvalThreshold: (
      <Tooltip title={t('org.approvalThresholdHint')}>
        {t('org.approvalThreshold')} <InfoCircleOutlined />
      </Tooltip>
    ),
  };
  const order: Field[] = [
    'uscc',
    'region',
    'adminLevel',
    'unitType',
    'sizeClass',
    'industry',
    'legalRepresentative',
    'controlledByUscc',
    'approvalThreshold',
    'address',
  ];
  const shown = order.filter((f) => values[f] !== null || expected[org.kind].includes(f));

  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: t('org.kind'), children: <Tag>{t(`orgKind.${org.kind}`)}</Tag> },
    ...shown.filter((f) => f !== 'address').map((f) => ({ key: f, label: labels[f], children: values[f] ?? none })),
    { key: 'createdAt', label: t('org.createdAt'), children: format.date(org.createdAt) },
    ...(shown.includes('address')
      ? [{ key: 'address', label: labels.address, children: values.address ?? none, span: 'filled' as const }]
      : []),
  ];
  return <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }} items={items} />;
}

/** 单位信息: the organization the user works for, as the API knows it. */
export function OrganizationCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const org = useOrganization(id);
  if (org.isPending)
    return (
      <Card title={t('org.card')}>
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  if (org.isError)
    return (
      <Card title={t('org.card')}>
        <LoadError error={org.error} onRetry={() => void org.refetch()} />
      </Card>
    );
  return (
    <Card title={org.data.name} extra={<Tag color="blue">{t('org.card')}</Tag>}>
      <OrganizationFacts org={org.data} />
    </Card>
  );
}
