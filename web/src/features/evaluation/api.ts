import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, apiPath, apiUpload, isApiProblem, type ApiBody } from '../../app/api.ts';
import type {
  assignmentSchema,
  challengeSchema,
  committeeSchema,
  contractSchema,
  evaluationReportSchema,
  scoreSheetSchema,
} from '@contracts/tenders.schemas.ts';

// Answers of the evaluation API, typed from its own response schemas (type-only imports from contracts/).
export type Committee = z.infer<typeof committeeSchema>;
export type Seat = Committee['seats'][number];
export type SeatStatus = Seat['status'];
export type DrawRecord = NonNullable<Committee['draw']>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type ScoreSheet = z.infer<typeof scoreSheetSchema>;
export type SheetLot = ScoreSheet['lots'][number];
export type SheetBid = SheetLot['bids'][number];
export type EvaluationReport = z.infer<typeof evaluationReportSchema>;
export type LotReport = EvaluationReport['lots'][number];
export type LotResult = NonNullable<LotReport['report']>;
export type RankingRow = LotResult['ranking'][number];
export type Outlier = LotResult['outliers'][number];
export type Challenge = z.infer<typeof challengeSchema>;
export type Contract = z.infer<typeof contractSchema>;

export type ScoresBody = ApiBody<'/api/tender-experts/{id}/scores', 'put'>;

/** A 404 is an answer here (not drawn yet, not public yet, not a party): null instead of an error. */
async function orNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (isApiProblem(error) && error.status === 404) return null;
    throw error;
  }
}

const committeeKey = (tenderId: string | undefined) => ['evaluation', 'committee', tenderId] as const;
const reportKey = (tenderId: string | undefined) => ['evaluation', 'report', tenderId] as const;
const challengesKey = (tenderId: string | undefined) => ['evaluation', 'challenges', tenderId] as const;
const assignmentsKey = ['evaluation', 'assignments'] as const;
const sheetKey = (seatId: string | undefined) => ['evaluation', 'sheet', seatId] as const;

/** The tender's detail and lists change with each step (status, result note): refetch them. */
export function useTenderChanged() {
  const client = useQueryClient();
  return (tenderId: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['tenders', 'detail', tenderId] }),
      client.invalidateQueries({ queryKey: ['tenders', 'list'] }),
      client.invalidateQueries({ queryKey: ['public', 'tender', tenderId] }),
      client.invalidateQueries({ queryKey: ['public', 'tenders'] }),
      client.invalidateQueries({ queryKey: ['evaluation', 'contracts', tenderId] }),
    ]);
}

/** 评标委员会 and the draw record (seed, candidates in order, who was left out and why): the running center and regulators. */
export function useCommittee(tenderId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: committeeKey(tenderId),
    queryFn: ({ signal }) => orNull(() => api.get('/api/tenders/{id}/experts', { params: { path: { id: tenderId ?? '' } }, signal })),
    enabled: !!tenderId && enabled,
    // The draw runs as a job after the request: poll until the committee is seated (or the draw failed).
    refetchInterval: (query) => (query.state.data?.drawing ? 1000 : false),
  });
}

/** 抽取专家: at random from the pool after recusal; the tender moves to evaluation. */
export function useDrawCommittee() {
  const client = useQueryClient();
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: (tenderId: string) => api.post('/api/tenders/{id}/experts/draw', { params: { path: { id: tenderId } } }),
    onSuccess: async (committee, tenderId) => {
      client.setQueryData(committeeKey(tenderId), committee);
      await changed(tenderId);
    },
  });
}

/** The logged-in expert's assignments; null when the account is not linked to the expert pool (404). */
export function useAssignments() {
  return useQuery({
    queryKey: assignmentsKey,
    queryFn: ({ signal }) => orNull(() => api.get('/api/experts/me/assignments', { signal })),
  });
}

/** The expert's sheet for one seat: each lot's criteria and, after the declaration, its qualified bids with the points given so far. */
export function useScoreSheet(seatId: string | undefined) {
  return useQuery({
    queryKey: sheetKey(seatId),
    queryFn: ({ signal }) => api.get('/api/tender-experts/{id}/sheet', { params: { path: { id: seatId ?? '' } }, signal }),
    enabled: !!seatId,
  });
}

/** 回避声明: confirm (no conflict, the seat is taken) or decline with a reason (the next candidate takes it). */
export function useRespondSeat() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ seatId, answer, reason }: { seatId: string; answer: 'confirm' | 'decline'; reason?: string }) =>
      answer === 'confirm'
        ? api.post('/api/tender-experts/{id}/confirm', { params: { path: { id: seatId } } })
        : api.post('/api/tender-experts/{id}/decline', { params: { path: { id: seatId } }, body: { reason: reason ?? '' } }),
    onSuccess: async (assignments, { seatId }) => {
      client.setQueryData(assignmentsKey, assignments);
      await client.invalidateQueries({ queryKey: sheetKey(seatId) });
    },
  });
}

/** The expert's score sheet for every qualified bid of a lot; sending it again replaces it until the report is computed. */
export function useSubmitScores() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ seatId, body }: { seatId: string; body: ScoresBody }) =>
      api.put('/api/tender-experts/{id}/scores', { params: { path: { id: seatId } }, body }),
    onSuccess: (_ok, { seatId }) => client.invalidateQueries({ queryKey: sheetKey(seatId) }),
  });
}

/**
 * 评标报告 for its parties (the center, the purchasing unit, regulators) before the award and everyone
 * after; null when the caller may not read it yet (404).
 */
export function useEvaluationReport(tenderId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: reportKey(tenderId),
    queryFn: ({ signal }) =>
      orNull(() => api.get('/api/tenders/{id}/evaluation-report', { params: { path: { id: tenderId ?? '' } }, signal })),
    enabled: !!tenderId && enabled,
  });
}

/** The published report (no login): null until the award is announced. */
export function usePublicEvaluationReport(tenderId: string | undefined) {
  return useQuery({
    queryKey: ['public', 'evaluation-report', tenderId],
    queryFn: ({ signal }) =>
      orNull(() => api.get('/api/public/tenders/{id}/evaluation-report', { params: { path: { id: tenderId ?? '' } }, signal })),
    enabled: !!tenderId,
  });
}

/** The path of the published report as JSON, for the download link. */
export const publicReportJsonPath = (tenderId: string) => apiPath('/api/public/tenders/{id}/evaluation-report', { id: tenderId });

function useReportChanged() {
  const client = useQueryClient();
  const changed = useTenderChanged();
  return async (report: EvaluationReport) => {
    client.setQueryData(reportKey(report.tenderId), report);
    await Promise.all([changed(report.tenderId), client.invalidateQueries({ queryKey: ['public', 'evaluation-report', report.tenderId] })]);
  };
}

/** 出具评标报告: once every seated expert has scored, each lot's ranking; rank 1 is the recommendation. */
export function useEvaluate() {
  const changed = useReportChanged();
  return useMutation({
    mutationFn: (tenderId: string) => api.post('/api/tenders/{id}/evaluate', { params: { path: { id: tenderId } } }),
    onSuccess: changed,
  });
}

/** 确认中标 (the purchasing unit): credit is checked again; the contract price is the bid. */
export function useConfirmAward() {
  const changed = useReportChanged();
  return useMutation({
    mutationFn: ({ tenderId, lotId }: { tenderId: string; lotId: string }) =>
      api.post('/api/tenders/{id}/lots/{lotId}/award', { params: { path: { id: tenderId, lotId } } }),
    onSuccess: changed,
  });
}

/** 质疑: all of them for the parties and regulators, a bidder's own otherwise. */
export function useChallenges(tenderId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: challengesKey(tenderId),
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/challenges', { params: { path: { id: tenderId ?? '' } }, signal }),
    enabled: !!tenderId && enabled,
  });
}

export function useLodgeChallenge() {
  const client = useQueryClient();
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ tenderId, grounds }: { tenderId: string; grounds: string }) =>
      api.post('/api/tenders/{id}/challenges', { params: { path: { id: tenderId } }, body: { grounds } }),
    onSuccess: async (list, { tenderId }) => {
      client.setQueryData(challengesKey(tenderId), list);
      await changed(tenderId);
    },
  });
}

export function useReplyChallenge() {
  const client = useQueryClient();
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ challengeId, reply, upheld }: { tenderId: string; challengeId: string; reply: string; upheld: boolean }) =>
      api.post('/api/challenges/{id}/reply', { params: { path: { id: challengeId } }, body: { reply, upheld } }),
    onSuccess: async (list, { tenderId }) => {
      client.setQueryData(challengesKey(tenderId), list);
      await changed(tenderId);
    },
  });
}

export type ContractBody = ApiBody<'/api/tenders/{id}/lots/{lotId}/contract', 'post'>;

/** 签订合同 after the challenge window: the amount is the awarded bid's unless a reason is given. */
export function useSignContract() {
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ tenderId, lotId, body }: { tenderId: string; lotId: string; body: ContractBody }) =>
      api.post('/api/tenders/{id}/lots/{lotId}/contract', { params: { path: { id: tenderId, lotId } }, body }),
    onSuccess: (_contracts, { tenderId }) => changed(tenderId),
  });
}

/** The signed contract (PDF), replaceable until the 合同公告 is published. */
export function useUploadContract() {
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ tenderId, lotId, file }: { tenderId: string; lotId: string; file: File }) =>
      apiUpload('/api/tenders/{id}/lots/{lotId}/contract/document', file, { path: { id: tenderId, lotId } }),
    onSuccess: (_notice, { tenderId }) => changed(tenderId),
  });
}

/** 合同公告: publishes the contract with its document. */
export function usePublishContract() {
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ tenderId, lotId }: { tenderId: string; lotId: string }) =>
      api.post('/api/tenders/{id}/lots/{lotId}/contract/publish', { params: { path: { id: tenderId, lotId } } }),
    onSuccess: (_notice, { tenderId }) => changed(tenderId),
  });
}

export type ReviewBody = ApiBody<'/api/tenders/{id}/qualification', 'put'>;

/** Each opened bid with its 资格性审查 and 符合性审查 so far (the purchaser, the running center, regulators). */
export function useBidReviews(tenderId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['evaluation', 'reviews', tenderId],
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/reviews', { params: { path: { id: tenderId! } }, signal }),
    enabled: !!tenderId && enabled,
  });
}

/** 资格性审查 (the center or the purchaser) or 符合性审查 (a seated member) of one lot. */
export function useSubmitReview() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ stage, id, body }: { stage: 'qualification' | 'compliance'; id: string; body: ReviewBody }) =>
      stage === 'qualification'
        ? api.put('/api/tenders/{id}/qualification', { params: { path: { id } }, body })
        : api.put('/api/tender-experts/{id}/compliance', { params: { path: { id } }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['evaluation'] }),
  });
}

/** A member signs a lot's report, agreeing or with dissent. */
export function useSignReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ seatId, body }: { seatId: string; body: ApiBody<'/api/tender-experts/{id}/sign', 'post'> }) =>
      api.post('/api/tender-experts/{id}/sign', { params: { path: { id: seatId } }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['evaluation'] }),
  });
}
