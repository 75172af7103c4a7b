import { useSearchParams } from 'react-router';

const defaultPageSize = 20;
const maxPageSize = 100;

function positiveInt(raw: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/**
 * Paging and filters of a list, kept in the URL so a list can be bookmarked, shared and reloaded.
 * Changing a filter goes back to page 1.
 */
export function useListParams<F extends string>(filterKeys: readonly F[]) {
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), defaultPageSize, maxPageSize);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<F, string | undefined>;

  function update(changes: Record<string, string | number | undefined>) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: false },
    );
  }

  return {
    page,
    pageSize,
    filters,
    setPage: (nextPage: number, nextPageSize: number) => update({ page: nextPageSize === pageSize ? nextPage : 1, pageSize: nextPageSize }),
    setFilter: (key: F, value: string | undefined) => update({ [key]: value, page: undefined }),
    /** Several filters at once (one navigation: separate setFilter calls in one event would each start from the same URL). */
    setFilters: (changes: Partial<Record<F, string | undefined>>) => update({ ...changes, page: undefined }),
  };
}

/** What useListParams gives a list: its page, its filters and the setters, for the components a list hands them to. */
export type ListParams<F extends string> = ReturnType<typeof useListParams<F>>;
