import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

/** Server-side paging for an antd Table, driven by the page and pageSize kept in the URL. */
export function tablePagination(
  list: { page: number; pageSize: number; setPage: (page: number, pageSize: number) => void },
  total: number | undefined,
  t: TFunction,
): TablePaginationConfig {
  return {
    current: list.page,
    pageSize: list.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (count) => t('common.total', { total: count }),
    responsive: true,
    onChange: list.setPage,
  };
}
