/** The filters every process list keeps in its URL, besides its own (a tender list's `mine`). */
export const processFilterKeys = ['status', 'q', 'from', 'to', 'organizationId', 'supplierId', 'minFen', 'maxFen', 'sort'] as const;
export type ProcessFilterKey = (typeof processFilterKeys)[number];
/** A list's filters as its query hook takes them (the route checks the values, answering 400). */
export type ProcessFilters = Partial<Record<ProcessFilterKey, string | number | undefined>>;

/** The list's filters as its route takes them: the amounts as numbers, the rest as kept in the URL. */
export function filterQuery<F extends string>(filters: Record<F, string | undefined>) {
  const amount = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : v);
  const f = filters as Record<string, string | undefined>;
  return { ...filters, minFen: amount(f.minFen), maxFen: amount(f.maxFen) };
}

/** Whether any filter (not the sort) is set: the empty list then says so. */
export const anyFilter = (filters: Record<string, string | undefined>) =>
  Object.entries(filters).some(([k, v]) => k !== 'sort' && v !== undefined && v !== '');
