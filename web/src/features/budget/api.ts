import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type ApiAnswer } from '../../app/api.ts';

// Answers of the budget routes, as they publish them (web/src/app/api-schema.d.ts).
export type BudgetLine = ApiAnswer<'/api/organizations/{id}/budget-lines', 'get'>['items'][number];

/** One entry of a line's history: a checkout reserves, a cancellation or rejection releases, an acceptance spends. */
export type BudgetMovement = ApiAnswer<'/api/organizations/{id}/budget-lines/{lineId}/movements', 'get'>['items'][number];

/** The unit's budget lines route and a line's movements, as published (the export buttons take them too). */
export const linesPath = '/api/organizations/{id}/budget-lines';
export const movementsPath = '/api/organizations/{id}/budget-lines/{lineId}/movements';

export function useBudgetLines(orgId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['organizations', orgId, 'budget-lines', { page, pageSize }],
    queryFn: ({ signal }) => api.get(linesPath, { params: { path: { id: orgId }, query: { page, pageSize } }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Every line of the unit at once (the API pages at most 200): for the checkout choice and a line's page. */
export function useAllBudgetLines(orgId: string) {
  return useBudgetLines(orgId, 1, 200);
}

/**
 * One line. The API has no GET for a single line: it is found among the unit's lines (up to 200, more
 * than a unit holds in a fiscal year).
 */
export function useBudgetLine(orgId: string, lineId: string | undefined) {
  const lines = useAllBudgetLines(orgId);
  return { ...lines, line: lines.data?.items.find((l) => l.id === lineId) ?? null };
}

export function useBudgetMovements(orgId: string, lineId: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['organizations', orgId, 'budget-lines', lineId, 'movements', { page, pageSize }],
    queryFn: ({ signal }) =>
      api.get(movementsPath, { params: { path: { id: orgId, lineId: lineId ?? '' }, query: { page, pageSize } }, signal }),
    enabled: !!lineId,
    placeholderData: keepPreviousData,
  });
}
