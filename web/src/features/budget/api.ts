import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Paged } from '../../app/types.ts';

export interface BudgetLine {
  id: string;
  code: string;
  name: string;
  fiscalYear: number;
  fundSource: string;
  amountFen: number;
  reservedFen: number;
  spentFen: number;
  freeFen: number;
}

export function useBudgetLines(orgId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['organizations', orgId, 'budget-lines', { page, pageSize }],
    queryFn: ({ signal }) =>
      api.get<Paged<BudgetLine>>(
        `/api/organizations/${encodeURIComponent(orgId)}/budget-lines`,
        { page, pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}
