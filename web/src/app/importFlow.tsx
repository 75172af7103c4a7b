import type { UseMutationResult } from '@tanstack/react-query';
import { Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem, type FieldError } from './api.ts';
import { problemText } from './components/states.tsx';

/** What an import endpoint is called with: the file, and whether this is only the dry run. */
export interface ImportVariables {
  file: File;
  dryRun: boolean;
}

/** One problem the server named: a row and its column ("rows[4].uscc"), or neither (the whole file). */
export interface RowError<F extends string> {
  key: number;
  row: number | null;
  field: F | null;
  message: string;
}

/** The pages with an import flow; each has row, column, problem under its own keys. */
export type ImportKeys = 'catalogue.import' | 'credit.imports';

/** "rows[4].uscc" → row 4, field uscc (when uscc is one of fields); "file" → neither (a problem with the whole file). */
export function parseRowErrors<F extends string>(errors: FieldError[], fields: readonly F[]): RowError<F>[] {
  return errors
    .map((e, key) => {
      const match = /^rows\[(\d+)\]\.?(\w*)$/.exec(e.field);
      const field = fields.find((f) => f === match?.[2]) ?? null;
      return { key, row: match ? Number(match[1]) : null, field, message: e.message };
    })
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/**
 * The upload flow both import pages share: choose a file → dry run (the preview report) → confirm (the
 * result report). A 422/400 whose errors name rows refuses the file and lists them; anything else is a
 * failure message. step is the Steps stage (0 choose, 1 preview, 2 done).
 */
export function useImportFlow<R extends { dryRun: boolean }, F extends string>(options: {
  mutation: UseMutationResult<R, Error, ImportVariables>;
  /** The row keys the server names in its errors ("rows[3].price"). */
  fields: readonly F[];
  keys: ImportKeys;
  /** The column's name in the row-errors table. */
  columnLabel: (field: F) => string;
}) {
  const { mutation, fields, keys, columnLabel } = options;
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<R | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const [refusal, setRefusal] = useState<{ detail: string; rows: RowError<F>[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setPreview(null);
    setResult(null);
    setRefusal(null);
    setFailure(null);
    mutation.reset();
  };

  const run = (chosen: File, dryRun: boolean) => {
    setRefusal(null);
    setFailure(null);
    mutation.mutate(
      { file: chosen, dryRun },
      {
        onSuccess: (report) => (report.dryRun ? setPreview(report) : setResult(report)),
        onError: (error) => {
          if (isApiProblem(error) && (error.status === 422 || error.status === 400) && error.errors?.length) {
            const rows = parseRowErrors(error.errors, fields);
            if (rows.some((r) => r.row !== null)) setRefusal({ detail: error.detail ?? error.title, rows });
            else setFailure(rows.map((r) => r.message).join('；'));
            return;
          }
          setFailure(problemText(error, t));
        },
      },
    );
  };

  /** A new file: forget the last one's reports and dry-run it. */
  const choose = (chosen: File) => {
    reset();
    setFile(chosen);
    run(chosen, true);
  };

  /** Back to the start, no file chosen. */
  const clear = () => {
    setFile(null);
    reset();
  };

  /** The import for real, of the file the preview was for. */
  const confirm = () => file && run(file, false);

  const errorColumns: TableColumnsType<RowError<F>> = [
    {
      key: 'row',
      dataIndex: 'row',
      title: t(`${keys}.row`),
      align: 'right',
      width: 64,
      render: (v: number | null) => v ?? t('common.none'),
    },
    {
      key: 'field',
      dataIndex: 'field',
      title: t(`${keys}.column`),
      render: (v: F | null) => (v ? columnLabel(v) : t('common.none')),
    },
    {
      key: 'message',
      dataIndex: 'message',
      title: t(`${keys}.problem`),
      render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
    },
  ];

  return {
    file,
    preview,
    result,
    refusal,
    failure,
    step: result ? 2 : preview ? 1 : 0,
    working: mutation.isPending,
    choose,
    clear,
    confirm,
    errorColumns,
  };
}
