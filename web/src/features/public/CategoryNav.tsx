import { Card, Skeleton, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useLanguage } from '../../app/i18n/index.ts';
import { buildCategoryTree, useCategories, type CategoryNode } from './api.ts';

// A small catalogue opens fully so its policy tags show; a large one opens only its top level.
const expandAllUpTo = 80;

function toTreeData(nodes: CategoryNode[], english: boolean): DataNode[] {
  return nodes.map((node) => ({
    key: node.code,
    title: (
      <span>
        <Link to={`/search?category=${encodeURIComponent(node.code)}`} data-testid={`category-link-${node.code}`}>
          <span className="category-code">{node.code}</span>
          {english && node.nameEn ? node.nameEn : node.name}
        </Link>
        {node.greenPolicy !== 'none' ? (
          <span style={{ marginInlineStart: 6 }}>
            <StatusTag status={node.greenPolicy} />
          </span>
        ) : null}
      </span>
    ),
    children: node.children.length ? toTreeData(node.children, english) : undefined,
  }));
}

/** 品目导航: the procurement catalogue as a tree, with each category's green-procurement policy; each opens its search. */
export function CategoryNav() {
  const { t } = useTranslation();
  const english = useLanguage() === 'en';
  const categories = useCategories();
  const roots = useMemo(() => buildCategoryTree(categories.data?.items ?? []), [categories.data]);
  const treeData = useMemo(() => toTreeData(roots, english), [roots, english]);

  let body: React.ReactNode;
  if (categories.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (categories.isError) body = <LoadError error={categories.error} onRetry={() => void categories.refetch()} />;
  else if (roots.length === 0) body = <EmptyState title={t('home.categoriesEmpty')} hint={t('home.categoriesEmptyHint')} />;
  else
    body = (
      <>
        <Tree
          showLine
          blockNode
          selectable={false}
          height={460}
          defaultExpandAll={(categories.data?.items.length ?? 0) <= expandAllUpTo}
          defaultExpandedKeys={roots.map((r) => r.code)}
          treeData={treeData}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
          {t('home.policyNote')}
        </Typography.Paragraph>
      </>
    );

  return (
    <Card title={t('home.categories')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('home.categoriesHint')}
      </Typography.Paragraph>
      {body}
    </Card>
  );
}
