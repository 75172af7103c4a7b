import type { SortOrder, SorterResult, TableCurrentDataSource } from 'antd/es/table/interface';

/**
 * Sortable columns driven by the server: a column's header shows the list's `sort` (kept in the URL), and a
 * click asks the server for the new order (`field` ascending, `-field` descending, none: the list's default).
 * `fields` maps a column's key to the field the list sorts by.
 */
export function serverSort<K extends string>(
  sort: string | undefined,
  setSort: (sort: string | undefined) => void,
  fields: Record<K, string>,
) {
  const orderOf = (field: string): SortOrder => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);
  return {
    /** The props that make the column `key` sortable, its arrow showing the current order. */
    column: (key: K) => ({ sorter: true, sortOrder: orderOf(fields[key]), sortDirections: ['ascend', 'descend'] as SortOrder[] }),
    /** The Table's onChange: only a sort moves the URL (paging has its own handler). */
    onChange: <T>(
      _pagination: unknown,
      _filters: unknown,
      sorter: SorterResult<T> | SorterResult<T>[],
      extra: TableCurrentDataSource<T>,
    ) => {
      if (extra.action !== 'sort') return;
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = one?.columnKey !== undefined ? (fields as Record<string, string>)[String(one.columnKey)] : undefined;
      setSort(field && one?.order ? `${one.order === 'descend' ? '-' : ''}${field}` : undefined);
    },
  };
}
