import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiDownload, apiPath, buildUrl, type ApiPath, type PathArgs, type PathParams, type QueryValue } from '../api.ts';
import { problemSummary } from './states.tsx';

type Format = 'csv' | 'xlsx';

export interface ExportButtonsProps<P extends ApiPath<'get'>> {
  /** The list route the page reads, as published, e.g. /api/orders or /api/organizations/{id}/budget-lines. */
  path: P;
  /** The route's path parameters, e.g. { id } for /api/organizations/{id}/budget-lines. */
  params?: PathParams<P>;
  /** The list's current filters; paging is dropped, the export walks every page. */
  filters?: Record<string, QueryValue>;
  /** The file's name without extension (文字、数字、下划线、点、短横线), e.g. 订单列表. */
  filename: string;
  /** data-testid prefix: <testId>-csv and <testId>-xlsx. */
  testId?: string;
}

// The server refuses other characters in a file name: keep what it accepts.
const safeName = (name: string) => name.replace(/[^\p{L}\p{N}_.-]+/gu, '_').slice(0, 80) || 'export';

/** The list route with its filters, as GET /api/export takes it in `path`. */
export function exportPath<P extends ApiPath<'get'>>(path: P, filters: Record<string, QueryValue> = {}, ...params: PathArgs<P>): string {
  const { page: _page, pageSize: _pageSize, ...rest } = filters;
  return buildUrl(apiPath(path, ...params), rest);
}

/**
 * 导出 CSV / 导出 Excel of a paged list as filtered now (GET /api/export): the server reads the list's
 * own route page by page with this session, so the file holds exactly what this user may read.
 */
export function ExportButtons<P extends ApiPath<'get'>>({ path, params, filters, filename, testId = 'export' }: ExportButtonsProps<P>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);

  const download = (format: Format) => {
    setBusy(format);
    const name = safeName(filename);
    apiDownload(
      '/api/export',
      { query: { path: exportPath(path, filters, ...((params ? [params] : []) as PathArgs<P>)), format, filename: name } },
      `${name}.${format}`,
    )
      .then((saved) => void message.success(t('exports.done', { name: saved })))
      .catch((error: unknown) => void message.error(`${t('exports.failed')}${t('common.colon')}${problemSummary(error, t)}`))
      .finally(() => setBusy(null));
  };

  return (
    <Space.Compact className="export-buttons">
      <Button
        icon={<FileTextOutlined />}
        loading={busy === 'csv'}
        disabled={busy !== null && busy !== 'csv'}
        onClick={() => download('csv')}
        data-testid={`${testId}-csv`}
      >
        {t('exports.csv')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'xlsx'}
        disabled={busy !== null && busy !== 'xlsx'}
        onClick={() => download('xlsx')}
        data-testid={`${testId}-xlsx`}
      >
        {t('exports.xlsx')}
      </Button>
    </Space.Compact>
  );
}
