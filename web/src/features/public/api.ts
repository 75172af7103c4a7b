import { useQuery } from '@tanstack/react-query';
import { api, type ApiAnswer } from '../../app/api.ts';

// Answers of the public routes, as they publish them (web/src/app/api-schema.d.ts).
/** A 品目 with its 配置标准 (allocation cap and years in use) and the specs a product of it states. */
export type Category = ApiAnswer<'/api/categories', 'get'>['items'][number];
/** One spec of a category: a number (with its unit), one of fixed options, or free text. */
export type SpecField = Category['specSchema'][number];
export type GreenPolicy = Category['greenPolicy'];

export type PlatformStats = ApiAnswer<'/api/public/stats', 'get'>;

export function useCategories() {
  return useQuery({
    queryKey: ['categories'],
    queryFn: ({ signal }) => api.get('/api/categories', { signal }),
    staleTime: 10 * 60_000,
  });
}

export function usePlatformStats() {
  return useQuery({
    queryKey: ['public', 'stats'],
    queryFn: ({ signal }) => api.get('/api/public/stats', { signal }),
  });
}

export interface CategoryNode extends Category {
  children: CategoryNode[];
}

/** The flat list as a tree by parentCode; an entry whose parent is missing becomes a root. */
export function buildCategoryTree(items: readonly Category[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const item of items) nodes.set(item.code, { ...item, children: [] });
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: CategoryNode[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
