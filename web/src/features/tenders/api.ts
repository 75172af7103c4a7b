import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useLiveProcess } from '../../app/live.ts';
import { api, type ApiBody, type ApiQuery } from '../../app/api.ts';
import type { ProcessFilters } from '../listFilters/filters.ts';
import type { lotSchema, openingRowSchema, receiptSchema, submittedReceiptSchema, tenderSchema } from '@contracts/tenders.schemas.ts';
import type { BidInput, TenderInput } from './schema.ts';

// Answers of the tenders API, typed from its own response schemas (type-only imports from contracts/).
export type Tender = z.infer<typeof tenderSchema>;
export type TenderStatus = Tender['status'];
export type Lot = z.infer<typeof lotSchema>;
export type Clarification = Tender['clarifications'][number];
export type OpeningRow = z.infer<typeof openingRowSchema>;
export type BidReceipt = z.infer<typeof receiptSchema>;
/** The answer to a submission: the receipt and, this once, its 回执密钥. */
export type SubmittedBidReceipt = z.infer<typeof submittedReceiptSchema>;
export type { BidInput, TenderInput };

/** The readers of GET /api/tenders with a list and a detail under /<role>/tenders. */
export type TenderView = 'center' | 'supplier' | 'purchaser' | 'approver' | 'regulator';

/**
 * A page of tenders with the list's filters (their values as the URL holds them; the server checks them).
 * `mine`: `bid` tenders the caller's organization bid in; `center` those its own center runs.
 */
export type TenderListQuery = { page: number; pageSize: number; mine?: 'bid' | 'center' | undefined } & ProcessFilters;

/** 招标公告 (anyone): announced tenders, and their results once opened. */
export function usePublicTenders(query: TenderListQuery, enabled = true) {
  return useQuery({
    queryKey: ['public', 'tenders', query],
    queryFn: ({ signal }) => api.get('/api/public/tenders', { params: { query: query as ApiQuery<'/api/public/tenders'> }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePublicTender(tenderId: string | undefined) {
  useLiveProcess('tender', tenderId);
  return useQuery({
    queryKey: ['public', 'tender', tenderId],
    queryFn: ({ signal }) => api.get('/api/public/tenders/{id}', { params: { path: { id: tenderId ?? '' } }, signal }),
    enabled: !!tenderId,
  });
}

/** Announced tenders, and the caller's own drafts (center, unit); regulators see all. */
export function useTenders(query: TenderListQuery, enabled = true) {
  return useQuery({
    queryKey: ['tenders', 'list', query],
    queryFn: ({ signal }) => api.get('/api/tenders', { params: { query: query as ApiQuery<'/api/tenders'> }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

const detailKey = (tenderId: string | undefined) => ['tenders', 'detail', tenderId] as const;

/** One tender; its center also sees the questions not yet answered. */
export function useTender(tenderId: string | undefined) {
  useLiveProcess('tender', tenderId);
  return useQuery({
    queryKey: detailKey(tenderId),
    queryFn: ({ signal }) => api.get('/api/tenders/{id}', { params: { path: { id: tenderId ?? '' } }, signal }),
    enabled: !!tenderId,
  });
}

const bidsKey = (tenderId: string | undefined) => ['tenders', 'bids', tenderId] as const;

/** The caller's receipts for this tender, one per lot bid on: never a price. */
export function useMyBids(tenderId: string | undefined) {
  return useQuery({
    queryKey: bidsKey(tenderId),
    queryFn: ({ signal }) => api.get('/api/tenders/{id}/bids/mine', { params: { path: { id: tenderId ?? '' } }, signal }),
    enabled: !!tenderId,
  });
}

function useTenderChanged() {
  const client = useQueryClient();
  return async (t: Tender) => {
    client.setQueryData(detailKey(t.id), t);
    await Promise.all([
      client.invalidateQueries({ queryKey: ['tenders', 'list'] }),
      client.invalidateQueries({ queryKey: ['public', 'tenders'] }),
      client.invalidateQueries({ queryKey: ['public', 'tender', t.id] }),
    ]);
  };
}

/** A draft tender for a purchasing unit, checked against the method and the SME, weight and bond rules. */
export function useCreateTender() {
  const changed = useTenderChanged();
  return useMutation({ mutationFn: (body: TenderInput) => api.post('/api/tenders', { body }), onSuccess: changed });
}

/** 发布公告: bidding opens until the deadline, when the opening job runs. */
export function usePublishTender() {
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: (tenderId: string) => api.post('/api/tenders/{id}/publish', { params: { path: { id: tenderId } } }),
    onSuccess: changed,
  });
}

export type ClarifyBody = ApiBody<'/api/tenders/{id}/clarifications', 'post'>;

/** 答复 a question, or 修改招标文件 (bids already in become invalid; the deadline may move). */
export function useClarify() {
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ tenderId, body }: { tenderId: string; body: ClarifyBody }) =>
      api.post('/api/tenders/{id}/clarifications', { params: { path: { id: tenderId } }, body }),
    onSuccess: changed,
  });
}

export function useCancelTender() {
  const changed = useTenderChanged();
  return useMutation({
    mutationFn: ({ tenderId, reason }: { tenderId: string; reason: string }) =>
      api.post('/api/tenders/{id}/cancel', { params: { path: { id: tenderId } }, body: { reason } }),
    onSuccess: changed,
  });
}

/** A supplier's question to the center; it is published with the answer. */
export function useAskQuestion() {
  return useMutation({
    mutationFn: ({ tenderId, question }: { tenderId: string; question: string }) =>
      api.post('/api/tenders/{id}/questions', { params: { path: { id: tenderId } }, body: { question } }),
  });
}

function useReceiptChanged() {
  const client = useQueryClient();
  return (receipt: BidReceipt) =>
    client.setQueryData<BidReceipt[]>(bidsKey(receipt.tenderId), (old) => [
      ...(old ?? []).filter((r) => r.lotId !== receipt.lotId),
      receipt,
    ]);
}

/** Submit or replace the sealed bid for a lot; the answer is a receipt (exact time, commitment, version) and its 回执密钥, never the price. */
export function useSubmitBid() {
  const changed = useReceiptChanged();
  return useMutation({
    mutationFn: ({ tenderId, body }: { tenderId: string; body: BidInput }) =>
      api.put('/api/tenders/{id}/bids', { params: { path: { id: tenderId } }, body }),
    // The cached receipts are those GET …/bids/mine answers: without the key, which the page holds only while shown.
    onSuccess: ({ nonce: _nonce, scheme: _scheme, supplierId: _supplierId, ...receipt }: SubmittedBidReceipt) => changed(receipt),
  });
}

export function useWithdrawBid() {
  const changed = useReceiptChanged();
  return useMutation({
    mutationFn: ({ tenderId, lotId }: { tenderId: string; lotId: string }) =>
      api.delete('/api/tenders/{id}/bids/{lotId}', { params: { path: { id: tenderId, lotId } } }),
    onSuccess: changed,
  });
}

/** The 中小企业声明函 a bid would seal (POST …/sme-statement): written by the server from the registered facts. */
export function useSmeStatementPreview(tenderId: string, body: ApiBody<'/api/tenders/{id}/sme-statement', 'post'> | null) {
  return useQuery({
    queryKey: ['tenders', tenderId, 'sme-statement', body],
    queryFn: () => api.post('/api/tenders/{id}/sme-statement', { params: { path: { id: tenderId } }, body: body! }),
    enabled: body !== null,
    retry: false,
  });
}
