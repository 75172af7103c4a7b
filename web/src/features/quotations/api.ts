import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useLiveProcess } from '../../app/live.ts';
import { api, isApiProblem, type ApiQuery } from '../../app/api.ts';
import type { ProcessFilters } from '../listFilters/filters.ts';
import type {
  CreateQuotationBody,
  QuoteBody,
  quotationSchema,
  quotationStatusSchema,
  receiptSchema,
  resultQuoteSchema,
  submittedReceiptSchema,
  supplierQuotationSchema,
} from '@contracts/quotations.schemas.ts';

// Answers of the quotations API, typed from its own response schemas (type-only imports from contracts/).
export type Quotation = z.infer<typeof quotationSchema>;
export type QuotationStatus = z.infer<typeof quotationStatusSchema>;
export type ResultQuote = z.infer<typeof resultQuoteSchema>;
export type Receipt = z.infer<typeof receiptSchema>;
/** The answer to a submission: the receipt and, this once, its 回执密钥. */
export type SubmittedReceipt = z.infer<typeof submittedReceiptSchema>;
export type SupplierQuotation = z.infer<typeof supplierQuotationSchema>;
export type { CreateQuotationBody, QuoteBody };

/** The sides that read a unit's quotations (GET /api/quotations): each has its list and detail under /<role>/quotations. */
export type PartyView = 'purchaser' | 'approver' | 'regulator';

/** A page of quotations with the list's filters (their values as the URL holds them; the server checks them). */
export type QuotationListQuery = { page: number; pageSize: number } & ProcessFilters;

/** 网上竞价公告与结果 (anyone): announcements while open, results with every quote once closed. */
export function usePublicQuotations(query: QuotationListQuery, enabled = true) {
  return useQuery({
    queryKey: ['public', 'quotations', query],
    queryFn: ({ signal }) => api.get('/api/public/quotations', { params: { query: query as ApiQuery<'/api/public/quotations'> }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePublicQuotation(quotationId: string | undefined) {
  useLiveProcess('quotation', quotationId);
  return useQuery({
    queryKey: ['public', 'quotation', quotationId],
    queryFn: ({ signal }) => api.get('/api/public/quotations/{id}', { params: { path: { id: quotationId ?? '' } }, signal }),
    enabled: !!quotationId,
  });
}

/** The unit's quotations (purchaser, approver), or all of them (regulator). */
export function useQuotations(query: QuotationListQuery, enabled = true) {
  return useQuery({
    queryKey: ['quotations', 'list', query],
    queryFn: ({ signal }) => api.get('/api/quotations', { params: { query: query as ApiQuery<'/api/quotations'> }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One quotation of the unit, with its budget line and, once awarded, its order. */
export function useQuotation(quotationId: string | undefined) {
  useLiveProcess('quotation', quotationId);
  return useQuery({
    queryKey: ['quotations', 'detail', quotationId],
    queryFn: ({ signal }) => api.get('/api/quotations/{id}', { params: { path: { id: quotationId ?? '' } }, signal }),
    enabled: !!quotationId,
  });
}

/** A supplier's view: quotations open now or quoted on, with whether it may quote and its receipt. */
export function useSupplierQuotations(query: QuotationListQuery, enabled = true) {
  return useQuery({
    queryKey: ['quotations', 'supplier', query],
    queryFn: ({ signal }) =>
      api.get('/api/supplier/quotations', { params: { query: query as ApiQuery<'/api/supplier/quotations'> }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The supplier's own entry of one quotation (admission, receipt). The API has no single-item route for
 * suppliers: the list is searched by the quotation number, which is unique.
 */
export function useSupplierQuotation(quotation: Pick<Quotation, 'id' | 'quotationNo'> | undefined) {
  const list = useSupplierQuotations({ page: 1, pageSize: 20, q: quotation?.quotationNo }, !!quotation);
  return { ...list, entry: list.data?.items.find((x) => x.id === quotation?.id) ?? null };
}

const receiptKey = (quotationId: string | undefined) => ['quotations', 'receipt', quotationId] as const;

/** The caller's receipt, or null when it has not quoted (the API answers 404). Never a price. */
export function useMyReceipt(quotationId: string | undefined) {
  return useQuery({
    queryKey: receiptKey(quotationId),
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/quotations/{id}/quote', { params: { path: { id: quotationId ?? '' } }, signal });
      } catch (error) {
        if (isApiProblem(error) && error.status === 404) return null;
        throw error;
      }
    },
    enabled: !!quotationId,
  });
}

function useInvalidateQuotations() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['quotations'] }),
      client.invalidateQueries({ queryKey: ['public', 'quotations'] }),
      client.invalidateQueries({ queryKey: ['public', 'quotation'] }),
      // The ceiling is reserved on (or released from) a budget line.
      client.invalidateQueries({ queryKey: ['organizations'] }),
    ]);
}

/** 发起网上竞价: the ceiling is reserved on the budget line and the closing is scheduled at the deadline. */
export function useCreateQuotation() {
  const invalidate = useInvalidateQuotations();
  return useMutation({
    mutationFn: (body: CreateQuotationBody) => api.post('/api/quotations', { body }),
    onSuccess: invalidate,
  });
}

/** 撤销竞价 before the deadline: the ceiling is released. */
export function useCancelQuotation() {
  const client = useQueryClient();
  const invalidate = useInvalidateQuotations();
  return useMutation({
    mutationFn: ({ quotationId, reason }: { quotationId: string; reason: string }) =>
      api.post('/api/quotations/{id}/cancel', { params: { path: { id: quotationId } }, body: { reason } }),
    onSuccess: async (q) => {
      client.setQueryData(['quotations', 'detail', q.id], q);
      await invalidate();
    },
  });
}

/** Submit or replace the sealed quote; the answer is a receipt (time, SHA-256, version), never the price. */
export function useSubmitQuote() {
  const client = useQueryClient();
  const invalidate = useInvalidateQuotations();
  return useMutation({
    mutationFn: ({ quotationId, body }: { quotationId: string; body: QuoteBody }) =>
      api.put('/api/quotations/{id}/quote', { params: { path: { id: quotationId } }, body }),
    onSuccess: async ({ nonce: _nonce, scheme: _scheme, supplierId: _supplierId, ...receipt }) => {
      // The cached receipt is the one GET …/quote answers: without the key, which the page holds only while shown.
      client.setQueryData(receiptKey(receipt.quotationId), receipt);
      await invalidate();
    },
  });
}

export function useWithdrawQuote() {
  const client = useQueryClient();
  const invalidate = useInvalidateQuotations();
  return useMutation({
    mutationFn: (quotationId: string) => api.delete('/api/quotations/{id}/quote', { params: { path: { id: quotationId } } }),
    onSuccess: async (receipt) => {
      client.setQueryData(receiptKey(receipt.quotationId), receipt);
      await invalidate();
    },
  });
}
