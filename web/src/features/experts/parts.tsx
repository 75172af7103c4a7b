import { Card, Descriptions, Flex, Rate, Table, Tag, Timeline, Tooltip, TreeSelect, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../app/components/states.tsx';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useLanguage } from '../../app/i18n/index.ts';
import { useRegionLabel } from '../../app/regions.ts';
import { buildCategoryTree, useCategories, type CategoryNode } from '../public/api.ts';
import type { Expert, ExpertDetail, ExpertStatus, Rating } from './api.ts';

const expertStatuses: readonly ExpertStatus[] = ['active', 'suspended', 'removed'];

export function ExpertStatusTag({ status }: { status: string }) {
  const known = expertStatuses.find((s) => s === status);
  return known ? <StatusTag status={known} /> : <Tag>{status}</Tag>;
}

/** Category names by code, in the current language. */
function useCategoryNames(): Map<string, string> {
  const categories = useCategories();
  const english = useLanguage() === 'en';
  return useMemo(
    () => new Map((categories.data?.items ?? []).map((c) => [c.code, english && c.nameEn ? c.nameEn : c.name])),
    [categories.data, english],
  );
}

/** 专业 as 品目 codes, each with its category name on hover (and beside it when asked). */
export function SpecialtyTags({ codes, withNames = false }: { codes: string[]; withNames?: boolean }) {
  const names = useCategoryNames();
  return (
    <Flex gap={4} wrap>
      {codes.map((code) => (
        <Tooltip key={code} title={names.get(code)}>
          <Tag style={{ marginInlineEnd: 0 }}>
            <span className="hash">{code}</span>
            {withNames && names.get(code) ? ` ${names.get(code)}` : null}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}

interface TreeOption {
  value: string;
  title: string;
  children?: TreeOption[];
}

function toOptions(nodes: CategoryNode[], english: boolean): TreeOption[] {
  return nodes.map((n) => ({
    value: n.code,
    title: `${n.code} ${english && n.nameEn ? n.nameEn : n.name}`,
    ...(n.children.length ? { children: toOptions(n.children, english) } : {}),
  }));
}

/** A 品目 code (or several) picked from the procurement catalogue, searchable by code or name. */
export function CategorySelect(props: {
  value?: string | string[] | undefined;
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
  style?: React.CSSProperties;
}) {
  const categories = useCategories();
  const english = useLanguage() === 'en';
  const treeData = useMemo(() => toOptions(buildCategoryTree(categories.data?.items ?? []), english), [categories.data, english]);
  return (
    <TreeSelect
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      multiple={props.multiple}
      allowClear={props.allowClear ?? true}
      placeholder={props.placeholder}
      aria-label={props['aria-label']}
      data-testid={props['data-testid']}
      style={props.style}
      loading={categories.isPending}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={false}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'min(420px, 96vw)' } } }}
    />
  );
}

/** "4.33 / 5（3 次）" or "暂无评价". */
export function RatingSummary({ expert }: { expert: Pick<Expert, 'ratingCount' | 'averageRating'> }) {
  const { t } = useTranslation();
  if (expert.ratingCount === 0 || expert.averageRating === null)
    return <Typography.Text type="secondary">{t('experts.noRatings')}</Typography.Text>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Rate disabled allowHalf value={Math.round(expert.averageRating * 2) / 2} style={{ fontSize: 12 }} />{' '}
      {t('experts.ratingSummary', { avg: expert.averageRating.toFixed(2), n: expert.ratingCount })}
    </span>
  );
}

const violationColors = { none: 'default', suspend: 'orange', remove: 'red' } as const;

/** An expert's region by name in the page's language, with its code (the code alone where the catalogue has no name). */
export function ExpertRegion({ code }: { code: string }) {
  const regionLabel = useRegionLabel();
  const name = regionLabel(code);
  return <>{name === code ? code : `${name} (${code})`}</>;
}

/** The expert's facts, ratings and status history: the drawer of the pool and the expert's own home. */
export function ExpertDetailView({ expert }: { expert: ExpertDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ratingColumns: TableColumnsType<Rating> = [
    { key: 'projectRef', dataIndex: 'projectRef', title: t('experts.rating.projectRef') },
    { key: 'punctuality', dataIndex: 'punctuality', title: t('experts.rating.punctuality'), align: 'center' },
    { key: 'diligence', dataIndex: 'diligence', title: t('experts.rating.diligence'), align: 'center' },
    { key: 'recusalHonesty', dataIndex: 'recusalHonesty', title: t('experts.rating.recusalHonesty'), align: 'center' },
    {
      key: 'violation',
      dataIndex: 'violation',
      title: t('experts.rating.violation'),
      render: (v: Rating['violation']) => <Tag color={violationColors[v]}>{t(`experts.violation.${v}`)}</Tag>,
    },
    { key: 'comment', dataIndex: 'comment', title: t('experts.rating.comment'), render: (v: string) => v || t('common.none') },
    { key: 'createdAt', dataIndex: 'createdAt', title: t('experts.rating.createdAt'), render: (v: string) => format.dateTime(v) },
  ];
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'name', label: t('experts.name'), children: expert.name },
          { key: 'title', label: t('experts.title'), children: expert.title },
          { key: 'employer', label: t('experts.employer'), children: expert.employer },
          {
            key: 'employerUscc',
            label: t('experts.employerUscc'),
            children: <span className="hash">{expert.employerUscc ?? t('common.none')}</span>,
          },
          { key: 'specialties', label: t('experts.specialties'), children: <SpecialtyTags codes={expert.specialties} withNames /> },
          { key: 'region', label: t('experts.region'), children: <ExpertRegion code={expert.regionCode} /> },
          { key: 'status', label: t('experts.status'), children: <ExpertStatusTag status={expert.status} /> },
          { key: 'rating', label: t('experts.rating.average'), children: <RatingSummary expert={expert} /> },
        ]}
      />
      <Card size="small" title={t('experts.rating.listTitle')}>
        <Table<Rating>
          rowKey="id"
          size="small"
          columns={ratingColumns}
          dataSource={expert.ratings}
          pagination={expert.ratings.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState title={t('experts.noRatings')} hint={t('experts.noRatingsHint')} /> }}
        />
      </Card>
      <Card size="small" title={t('experts.history.title')}>
        {expert.statusHistory.length === 0 ? (
          <Typography.Text type="secondary">{t('experts.history.none')}</Typography.Text>
        ) : (
          <Timeline
            items={expert.statusHistory.map((h, i) => ({
              key: `${h.createdAt}-${i}`,
              content: (
                <div>
                  <Flex gap={6} wrap align="center">
                    <ExpertStatusTag status={h.fromStatus} /> → <ExpertStatusTag status={h.toStatus} />
                    <Typography.Text type="secondary">{format.dateTime(h.createdAt)}</Typography.Text>
                  </Flex>
                  <Typography.Paragraph style={{ margin: '4px 0 0' }}>{h.reason}</Typography.Paragraph>
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </Flex>
  );
}
