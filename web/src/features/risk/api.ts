import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../app/api.ts';
import type { Paged } from '../../app/types.ts';
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

export interface AlertFilters {
  status?: string | undefined;
  rule?: string | undefined;
  severity?: string | undefined;
  assignee?: string | undefined;
  q?: string | undefined;
}

const id = encodeURIComponent;

export const alertsPath = '/api/risk/alerts';

export function useAlerts(query: AlertFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['risk', 'alerts', query],
    queryFn: ({ signal }) => api.get<Paged<Alert>>(alertsPath, { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/** How many alerts nobody has taken up yet: the menu badge. */
export function useOpenAlertCount() {
  return useQuery({
    queryKey: ['risk', 'alerts', 'open-count'],
    queryFn: ({ signal }) => api.get<Paged<Alert>>(alertsPath, { status: 'open', page: 1, pageSize: 1 }, signal),
    select: (page) => page.total,
    staleTime: 60_000,
  });
}

export function useAlert(alertId: string | undefined) {
  return useQuery({
    queryKey: ['risk', 'alert', alertId],
    queryFn: ({ signal }) => api.get<AlertDetail>(`${alertsPath}/${id(alertId ?? '')}`, undefined, signal),
    enabled: !!alertId,
    // The drawer keeps showing the alert while it slides shut.
    placeholderData: keepPreviousData,
  });
}

/** The rules with their counts and last run; polled while a scan runs. */
export function useRules(polling: boolean) {
  return useQuery({
    queryKey: ['risk', 'rules'],
    queryFn: ({ signal }) => api.get<Rule[]>('/api/risk/rules', undefined, signal),
    refetchInterval: polling ? 1500 : false,
  });
}

export function useAssignees() {
  return useQuery({
    queryKey: ['risk', 'assignees'],
    queryFn: ({ signal }) => api.get<Assignee[]>('/api/risk/assignees', undefined, signal),
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
function useAlertAction<Body>(action: 'assign' | 'comments' | 'close' | 'reopen') {
  const invalidate = useInvalidateRisk();
  return useMutation({
    mutationFn: ({ alertId, body }: { alertId: string; body: Body }) =>
      api.post<AlertDetail>(`${alertsPath}/${id(alertId)}/${action}`, body),
    onSuccess: (detail) => invalidate(detail),
  });
}

export const useAssignAlert = () => useAlertAction<AssignInput>('assign');
export const useCommentAlert = () => useAlertAction<{ body: string }>('comments');
export const useCloseAlert = () => useAlertAction<CloseInput>('close');
export const useReopenAlert = () => useAlertAction<{ note: string }>('reopen');

/** 立即扫描: every rule queued as a background job (202). */
export function useScan() {
  return useMutation({ mutationFn: () => api.post<{ queued: string[] }>('/api/risk/scan', {}) });
}
