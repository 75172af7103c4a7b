import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../../app/api.ts';
import { api } from '../../app/api.ts';
import type { ProcedureView } from '@contracts/tender-rounds.schemas.ts';

export type Procedure = ProcedureView;
const key = (tenderId: string) => ['tenders', 'procedure', tenderId] as const;

/** The procedure of a tender as the caller may see it (anonymous: the public view). */
export function useProcedure(tenderId: string, signedIn: boolean) {
  return useQuery({
    queryKey: [...key(tenderId), signedIn],
    queryFn: ({ signal }) =>
      signedIn
        ? api.get('/api/tenders/{id}/procedure', { params: { path: { id: tenderId } }, signal })
        : api.get('/api/public/tenders/{id}/procedure', { params: { path: { id: tenderId } }, signal }),
  });
}

/** One procedure step (a round record, a change, a final offer…): refreshes the procedure and the tender, says what went wrong. */
export function useProcedureStep(tenderId: string) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: key(tenderId) }),
        client.invalidateQueries({ queryKey: ['tenders', 'detail', tenderId] }),
      ]).then(() => void message.success(t('procedure.saved'))),
    onError: (error) =>
      void message.error(
        isApiProblem(error) ? [error.detail ?? error.title, ...(error.errors ?? []).map((e) => e.message)].join('；') : String(error),
      ),
  });
}
