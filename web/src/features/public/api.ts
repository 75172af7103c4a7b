import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export type GreenPolicy = 'mandatory' | 'priority' | 'none';

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
  level: number;
  greenPolicy: GreenPolicy;
  requiresFramework: boolean;
  /** 配置标准: the highest price per unit a unit may pay (fen), and the years in use before replacement. */
  allocationCapFen: number | null;
  allocationMinYears: number | null;
  /** The specs a product of this category states: a requirement's minimums and a quote's offer follow it. */
  specSchema: SpecField[];
}

/** One spec of a category: a number (with its unit), one of fixed options, or free text. */
export interface SpecField {
  key: string;
  label: string;
  labelEn: string;
  type: 'text' | 'number' | 'enum';
  unit?: string;
  options?: string[];
  required: boolean;
}

export interface PlatformStats {
  purchasingUnits: number;
  suppliers: number;
  categories: number;
  experts: number;
}

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
