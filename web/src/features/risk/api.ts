import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type ApiBody, type ApiFilters, type ApiQuery } from '../../app/api.ts';
import type { AlertSeverity, AlertStatus, RiskRule } from '@contracts/enums/risk.ts';
import type {
  alertDetailSchema,
  alertNoteSchema,
  alertSchema,
  assignBody,
  assigneeSchema,
  closeBody,
  ruleSchema,
} from '@contracts/risk.schemas.ts';

// Answers of the risk API, typed from its own schemas (type-only imports from contracts/).
export type { AlertSeverity, AlertStatus, RiskRule };
export type Alert = z.infer<typeof alertSchema>;
export type AlertDetail = z.infer<typeof alertDetailSchema>;
export type AlertNote = z.infer<typeof alertNoteSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Assignee = z.infer<typeof assigneeSchema>;
export type AssignInput = z.input<typeof assignBody>;
export type CloseInput = z.infer<typeof closeBody>;

export const alertsPath = '/api/risk/alerts';

export type AlertFilters = Omit<ApiFilters<typeof alertsPath>, 'page' | 'pageSize'>;

export function useAlerts(query: AlertFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['risk', 'alerts', query],
    queryFn: ({ signal }) => api.get(alertsPath, { params: { query: query as ApiQuery<typeof alertsPath> }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many alerts nobody has taken up yet: the menu badge. */
export function useOpenAlertCount() {
  return useQuery({
    queryKey: ['risk', 'alerts', 'open-count'],
    queryFn: ({ signal }) => api.get(alertsPath, { params: { query: { status: 'open', page: 1, pageSize: 1 } }, signal }),
    select: (page) => page.total,
    staleTime: 60_000,
  });
}

export function useAlert(alertId: string | undefined) {
  return useQuery({
    queryKey: ['risk', 'alert', alertId],
    queryFn: ({ signal }) => api.get('/api/risk/alerts/{id}', { params: { path: { id: alertId ?? '' } }, signal }),
    enabled: !!alertId,
    // The drawer keeps showing the alert while it slides shut.
    placeholderData: keepPreviousData,
  });
}

/** The rules with their counts and last run; polled while a scan runs. */
export function useRules(polling: boolean) {
  return useQuery({
    queryKey: ['risk', 'rules'],
    queryFn: ({ signal }) => api.get('/api/risk/rules', { signal }),
    refetchInterval: polling ? 1500 : false,
  });
}

/** Regulators of the caller's area; given an alert, those who can read it (the only ones it can be assigned to). */
export function useAssignees(alertId?: string) {
  return useQuery({
    queryKey: ['risk', 'assignees', alertId ?? null],
    queryFn: ({ signal }) => api.get('/api/risk/assignees', { params: { query: alertId ? { alertId } : {} }, signal }),
    staleTime: 5 * 60_000,
  });
}

function useInvalidateRisk() {
  const client = useQueryClient();
  return (detail?: AlertDetail) => {
    if (detail) client.setQueryData(['risk', 'alert', detail.id], detail);
    return client.invalidateQueries({ queryKey: ['risk'] });
  };
}

/** One of the inbox actions on an alert: each answers with the alert as it now stands. */
type AlertAction = 'assign' | 'comments' | 'close' | 'reopen';

function useAlertAction<A extends AlertAction>(action: A) {
  const invalidate = useInvalidateRisk();
  return useMutation({
    // The body's type follows the action's published route; TS cannot narrow a generic action's union of
    // routes to one, so the body is passed as the union's member it already is.
    mutationFn: ({ alertId, body }: { alertId: string; body: ApiBody<`/api/risk/alerts/{id}/${A}`, 'post'> }) =>
      api.post(`/api/risk/alerts/{id}/${action as AlertAction}`, { params: { path: { id: alertId } }, body: body as never }),
    onSuccess: (detail) => invalidate(detail),
  });
}

export const useAssignAlert = () => useAlertAction('assign');
export const useCommentAlert = () => useAlertAction('comments');
export const useCloseAlert = () => useAlertAction('close');
export const useReopenAlert = () => useAlertAction('reopen');

/** 立即扫描: every rule queued as a background job (202). */
export function useScan() {
  return useMutation({ mutationFn: () => api.post('/api/risk/scan', { body: {} }) });
}
