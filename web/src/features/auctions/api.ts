import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api, apiPath, isApiProblem } from '../../app/api.ts';
import type {
  bidResultSchema,
  bidSchema,
  lotDetailSchema,
  lotSchema,
  managedLotSchema,
  registrationSchema,
} from '@contracts/auctions.schemas.ts';
import { syncServerClock } from './clock.ts';
import type { LotInput, RelistInput } from './schema.ts';

// Answers of the auctions API, typed from its own response schemas (type-only imports from contracts/).
export type Lot = z.infer<typeof lotSchema>;
export type LotDetail = z.infer<typeof lotDetailSchema>;
export type ManagedLot = z.infer<typeof managedLotSchema>;
export type Bid = z.infer<typeof bidSchema>;
export type BidResult = z.infer<typeof bidResultSchema>;
export type Registration = z.infer<typeof registrationSchema>;
export type LotStatus = Lot['status'];
export type LotPhase = Lot['phase'];
export type { LotInput, RelistInput };

export interface LotListQuery {
  page: number;
  pageSize: number;
  phase?: LotPhase | undefined;
  status?: LotStatus | undefined;
  category?: string | undefined;
  q?: string | undefined;
}

export const lotKey = (lotId: string | undefined) => ['public', 'lot', lotId] as const;

/** A newer version of a lot wins over an older answer that arrives later (a GET racing a live event). */
function newerLot(oldData: unknown, newData: unknown): unknown {
  const a = oldData as LotDetail | undefined;
  const b = newData as LotDetail | undefined;
  return a && b && a.id === b.id && a.version > b.version ? a : newData;
}

/** 拍卖大厅 (public): live lots first, ending soonest; prices refresh while the page is open. */
export function usePublicLots(query: LotListQuery) {
  return useQuery({
    queryKey: ['public', 'auctions', query],
    queryFn: async ({ signal }) => {
      const page = await api.get('/api/public/auctions', { params: { query }, signal });
      syncServerClock(page.items[0]?.serverTime);
      return page;
    },
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}

/** One lot (public): price, end, bid history by bidder code; never the reserve. */
export function usePublicLot(lotId: string | undefined, poll: boolean) {
  return useQuery({
    queryKey: lotKey(lotId),
    queryFn: async ({ signal }) => {
      const lot = await api.get('/api/public/auctions/{id}', { params: { path: { id: lotId ?? '' } }, signal });
      syncServerClock(lot.serverTime);
      return lot;
    },
    enabled: !!lotId,
    structuralSharing: newerLot,
    // Only when the live stream is down (and the lot exists): then the page polls instead.
    refetchInterval: (query) => (poll && query.state.status === 'success' ? 5_000 : false),
  });
}

export type LiveState = 'connecting' | 'live' | 'offline';

/**
 * The lot's live feed (GET /api/public/auctions/:id/events, event "lot"): each change — a bid, an
 * extension, the close — replaces the lot in the cache, so price, end and history update without a
 * reload. The feed carries the latest 20 bids; older ones already on the page are kept.
 */
export function useLotEvents(lotId: string | undefined): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!lotId || typeof EventSource === 'undefined') return;
    const source = new EventSource(apiPath('/api/public/auctions/{id}/events', { id: lotId }));
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.addEventListener('lot', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as LotDetail;
      syncServerClock(next.serverTime);
      setState('live');
      client.setQueryData<LotDetail>(lotKey(lotId), (prev) => {
        if (prev && prev.version > next.version) return prev;
        const oldest = next.bids.at(-1)?.seq ?? Infinity;
        const older = next.bids.length >= 20 ? (prev?.bids ?? []).filter((b) => b.seq < oldest) : [];
        return { ...next, bids: [...next.bids, ...older] };
      });
    });
    return () => source.close();
  }, [lotId, client]);
  return state;
}

/** 拍卖管理 (center staff, regulators): with the reserve and the winner. */
export function useManagedLots(query: LotListQuery) {
  return useQuery({
    queryKey: ['auctions', 'manage', query],
    queryFn: async ({ signal }) => {
      const page = await api.get('/api/auctions/manage', { params: { query }, signal });
      syncServerClock(page.items[0]?.serverTime);
      return page;
    },
    placeholderData: keepPreviousData,
  });
}

/** 我的竞买 (supplier): registrations with the bidder code, deposit, highest bid, leading or won. */
export function useMyRegistrations(query: { page: number; pageSize: number }, enabled = true) {
  return useQuery({
    queryKey: ['auctions', 'mine', query],
    queryFn: ({ signal }) => api.get('/api/auctions/mine', { params: { query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The caller's registration for one lot, or null. The API has no per-lot route for it: the caller's
 * registrations are read (at most 200, newest first) and searched by lot.
 */
export function useMyRegistration(lotId: string | undefined, enabled: boolean) {
  const mine = useMyRegistrations({ page: 1, pageSize: 200 }, enabled && !!lotId);
  return { ...mine, registration: mine.data?.items.find((r) => r.lotId === lotId) ?? null };
}

function useInvalidateAuctions() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['auctions'] }),
      client.invalidateQueries({ queryKey: ['public', 'auctions'] }),
      client.invalidateQueries({ queryKey: ['public', 'lot'] }),
      // Creating a lot moves the asset to 拍卖处置中; a payment to 已售出.
      client.invalidateQueries({ queryKey: ['assets'] }),
    ]);
}

export function useCreateLot() {
  const invalidate = useInvalidateAuctions();
  return useMutation({ mutationFn: (body: LotInput) => api.post('/api/auctions', { body }), onSuccess: invalidate });
}

/** 重新挂牌: the next round of a failed or defaulted lot, starting lower within the policy's discount. */
export function useRelistLot() {
  const invalidate = useInvalidateAuctions();
  return useMutation({
    mutationFn: ({ lotId, body }: { lotId: string; body: RelistInput }) =>
      api.post('/api/auctions/{id}/relist', { params: { path: { id: lotId } }, body }),
    onSuccess: invalidate,
  });
}

/** 登记付款: the winner paid; the asset is sold and the deposit counts toward the price. */
export function useRecordPayment() {
  const invalidate = useInvalidateAuctions();
  return useMutation({
    mutationFn: ({ lotId, reference }: { lotId: string; reference: string }) =>
      api.post('/api/auctions/{id}/payment', { params: { path: { id: lotId } }, body: { reference } }),
    onSuccess: invalidate,
  });
}

/** 竞买登记 with the deposit's payment reference; the answer is the anonymous bidder code (竞买号). */
export function useRegisterForLot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ lotId, depositRef }: { lotId: string; depositRef: string }) =>
      api.post('/api/auctions/{id}/register', { params: { path: { id: lotId } }, body: { depositRef } }),
    onSuccess: (_answer, { lotId }) =>
      Promise.all([client.invalidateQueries({ queryKey: ['auctions', 'mine'] }), client.invalidateQueries({ queryKey: lotKey(lotId) })]),
  });
}

/** 出价: taken in order under the lot's lock; the live feed brings the new price to every viewer. */
export function usePlaceBid() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ lotId, amountFen }: { lotId: string; amountFen: number }) =>
      api.post('/api/auctions/{id}/bids', { params: { path: { id: lotId } }, body: { amountFen } }),
    onSuccess: (_answer, { lotId }) =>
      Promise.all([client.invalidateQueries({ queryKey: ['auctions', 'mine'] }), client.invalidateQueries({ queryKey: lotKey(lotId) })]),
    // A refusal answers the lot as it was judged: the page moves to that price and next minimum at once
    // (never back to an older one); the live feed and the next read bring the rest.
    onError: (error, { lotId }) => {
      const facts = isApiProblem(error) ? error.facts : undefined;
      if (!facts || typeof facts.bidCount !== 'number' || typeof facts.nextMinimumFen !== 'number') return;
      const { bidCount, nextMinimumFen } = facts;
      const currentPriceFen = typeof facts.currentPriceFen === 'number' ? facts.currentPriceFen : null;
      client.setQueryData<LotDetail>(lotKey(lotId), (lot) =>
        lot && bidCount > lot.bidCount ? { ...lot, bidCount, nextMinimumFen, currentPriceFen } : lot,
      );
    },
  });
}
