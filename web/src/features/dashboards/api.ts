import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiDownload, type ApiAnswer } from '../../app/api.ts';
import type { Dashboard, DashboardQuery, dashboardExportQuery, dashboardSections } from '@contracts/dashboards.schemas.ts';

// Answers of the dashboards API, typed from its own schemas (type-only imports from contracts/).
export type { Dashboard, DashboardQuery };
export type DashboardSection = (typeof dashboardSections)[number];
export type ExportFormat = z.infer<typeof dashboardExportQuery>['format'];
export type Channel = Dashboard['channels'][number]['channel'];

export type PurchasingUnit = ApiAnswer<'/api/purchasing-units', 'get'>['items'][number];

/** 数据看板 (GET /api/dashboards/summary): a purchaser's unit is fixed by the server. */
export function useDashboard(query: DashboardQuery) {
  return useQuery({
    queryKey: ['dashboards', 'summary', query],
    queryFn: ({ signal }) => api.get('/api/dashboards/summary', { params: { query }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One section's table as a file, with the same filters as the page. */
export const exportSection = (section: DashboardSection, format: ExportFormat, query: DashboardQuery, fallbackName: string) =>
  apiDownload('/api/dashboards/export', { query: { section, format, ...query } }, `${fallbackName}.${format}`);

/** Purchasing units by name, for the unit filter of regulators and center staff. */
export function usePurchasingUnits(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['purchasing-units', q],
    queryFn: ({ signal }) => api.get('/api/purchasing-units', { params: { query: { q: q || undefined, pageSize: 20 } }, signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The name of one unit (the filter kept in the URL), when the search list does not hold it. */
export function usePurchasingUnit(id: string | undefined) {
  return useQuery({
    queryKey: ['organizations', id, 'name'],
    queryFn: ({ signal }) => api.get('/api/organizations/{id}', { params: { path: { id: id ?? '' } }, signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}
