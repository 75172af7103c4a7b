import { DeleteOutlined, DownOutlined, StarOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Dropdown, Flex, Input, Modal, Select, Space, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import dayjs from 'dayjs';
import { useDeferredValue, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemSummary } from '../../app/components/states.tsx';
import { fenToYuanInput, parseYuan } from '../../app/format.ts';
import type { ListParams } from '../../app/listParams.ts';
import { useDeleteSavedFilter, useOrderSupplierOptions, useSaveFilter, useSavedFilters, type SavedFilterList } from './api.ts';
import { anyFilter, type ProcessFilterKey } from './filters.ts';
import { UnitPicker } from './UnitPicker.tsx';

/** The unit filter (oversight roles): purchasing units of the caller's jurisdiction by name. */
function UnitFilter({ value, onChange }: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <UnitPicker
      value={value}
      onChange={onChange}
      placeholder={t('listFilters.allUnits')}
      ariaLabel={t('listFilters.unit')}
      testId="filter-unit"
    />
  );
}

/** The supplier filter of the order lists: the suppliers of the caller's own orders by name. */
function SupplierFilter({ value, onChange }: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDeferredValue(search.trim());
  // Asked while open, and once for the name of a supplier kept in the URL.
  const found = useOrderSupplierOptions(q, open || !!value);
  const options = (found.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: `${value.slice(0, 8)}…` });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={t('listFilters.allSuppliers')}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.empty')}
      options={options}
      onOpenChange={setOpen}
      onChange={(id: string | undefined) => onChange(id)}
      aria-label={t('listFilters.supplier')}
      data-testid="filter-supplier"
    />
  );
}

/** One bound of the amount range, typed in yuan, kept in the URL in fen; taken on Enter or leaving the box. */
function AmountInput({
  fen,
  placeholder,
  onCommit,
  testId,
}: {
  fen: string | undefined;
  placeholder: string;
  onCommit: (fen: string | undefined) => void;
  testId: string;
}) {
  const shown = fen !== undefined && /^\d+$/.test(fen) ? fenToYuanInput(Number(fen)) : (fen ?? '');
  const [text, setText] = useState(shown);
  const [seen, setSeen] = useState(shown);
  if (seen !== shown) {
    // The URL moved (a saved filter picked, the filters cleared): show what it holds.
    setSeen(shown);
    setText(shown);
  }
  const parsed = text.trim() === '' ? null : parseYuan(text);
  const invalid = text.trim() !== '' && parsed === null;
  const commit = () => {
    if (invalid) return;
    const next = parsed === null ? undefined : String(parsed);
    if (next !== fen) onCommit(next);
  };
  return (
    <Input
      value={text}
      inputMode="decimal"
      prefix="¥"
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      aria-label={placeholder}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onPressEnter={commit}
      allowClear
      data-testid={testId}
    />
  );
}

/** 常用筛选: pick one of the caller's saved filters of this list, save the current one, delete one. */
function SavedFilters<F extends string>({ listKey, list, keys }: { listKey: SavedFilterList; list: ListParams<F>; keys: readonly F[] }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const saved = useSavedFilters(listKey);
  const save = useSaveFilter(listKey);
  const remove = useDeleteSavedFilter(listKey);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const items = saved.data?.items ?? [];
  const current = Object.fromEntries(
    keys.flatMap((k) => {
      const v = list.filters[k];
      return v === undefined || v === '' ? [] : [[k, v] as const];
    }),
  ) as Record<string, string>;
  const same = (query: Record<string, string | number>) =>
    keys.every((k) => (query[k] === undefined ? undefined : String(query[k])) === current[k]);
  const active = items.find((f) => same(f.query));

  const pick = (id: string) => {
    const found = items.find((f) => f.id === id);
    if (!found) return;
    list.setFilters(
      Object.fromEntries(keys.map((k) => [k, found.query[k] === undefined ? undefined : String(found.query[k])])) as Partial<
        Record<F, string | undefined>
      >,
    );
  };
  const confirmDelete = (id: string, filterName: string) =>
    void modal.confirm({
      title: t('listFilters.deleteTitle', { name: filterName }),
      okText: t('listFilters.delete'),
      okButtonProps: { danger: true },
      cancelText: t('listFilters.cancel'),
      onOk: () =>
        remove
          .mutateAsync(id)
          .then(() => void message.success(t('listFilters.deleted', { name: filterName })))
          .catch((error: unknown) => void message.error(problemSummary(error, t))),
    });

  const menu: MenuProps['items'] = items.length
    ? items.map((f) => ({
        key: f.id,
        label: (
          <Flex justify="space-between" align="center" gap={12} data-testid="saved-filter-item">
            <span>{f.name}</span>
            <Tooltip title={t('listFilters.delete')}>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('listFilters.deleteNamed', { name: f.name })}
                data-testid="saved-filter-delete"
                onClick={(e) => {
                  e.stopPropagation();
                  confirmDelete(f.id, f.name);
                }}
              />
            </Tooltip>
          </Flex>
        ),
      }))
    : [{ key: 'none', disabled: true, label: <Typography.Text type="secondary">{t('listFilters.noneSaved')}</Typography.Text> }];

  const submit = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    save.mutate(
      { name: trimmed, query: current },
      {
        onSuccess: () => {
          setNaming(false);
          setName('');
          void message.success(t('listFilters.saved', { name: trimmed }));
        },
        onError: (error) => void message.error(`${t('listFilters.saveFailed')}${t('common.colon')}${problemSummary(error, t)}`),
      },
    );
  };

  return (
    <Space.Compact className="saved-filters">
      <Dropdown menu={{ items: menu, onClick: ({ key }) => pick(key), selectable: false }} trigger={['click']}>
        <Button icon={<StarOutlined />} data-testid="saved-filters" aria-label={t('listFilters.savedTitle')}>
          {active ? active.name : t('listFilters.savedTitle')} <DownOutlined />
        </Button>
      </Dropdown>
      <Button onClick={() => setNaming(true)} disabled={Object.keys(current).length === 0} data-testid="save-filter">
        {t('listFilters.save')}
      </Button>
      <Modal
        open={naming}
        title={t('listFilters.saveTitle')}
        okText={t('listFilters.save')}
        cancelText={t('listFilters.cancel')}
        confirmLoading={save.isPending}
        okButtonProps={{ disabled: !name.trim(), 'data-testid': 'save-filter-ok' }}
        onOk={submit}
        onCancel={() => setNaming(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('listFilters.saveHint')}</Typography.Paragraph>
        <Input
          autoFocus
          value={name}
          maxLength={40}
          showCount
          placeholder={t('listFilters.namePlaceholder')}
          aria-label={t('listFilters.name')}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={submit}
          data-testid="saved-filter-name"
        />
      </Modal>
    </Space.Compact>
  );
}

export interface FilterBarProps<F extends string> {
  list: ListParams<F>;
  /** The keys the list keeps in its URL: what a saved filter holds and what picking one sets. */
  keys: readonly F[];
  /** Where saved filters go; none (the public lists): no saved filters. */
  savedList?: SavedFilterList | undefined;
  /** The search box's placeholder (what the text is matched against). */
  searchPlaceholder: string;
  /** The search box's data-testid. */
  searchTestId?: string;
  /** The unit picker, for oversight roles. */
  unit?: boolean;
  /** The supplier picker (the order lists of units and regulators). */
  supplier?: boolean;
  /** The list's own filters first (its status, a tender list's 我的…). */
  children?: ReactNode;
  /** At the end of the row: the export buttons. */
  extra?: ReactNode;
}

/**
 * The filter bar of a process list, bound to the URL: its own filters, the search box, the day range
 * (Asia/Shanghai days), the unit (oversight) and supplier pickers, the amount range in yuan, and the
 * caller's saved filters. Every change goes back to page 1.
 */
export function FilterBar<F extends string>(props: FilterBarProps<F>) {
  const { t } = useTranslation();
  const { list, keys } = props;
  const f = list.filters as Record<string, string | undefined>;
  const set = (changes: Partial<Record<ProcessFilterKey, string | undefined>>) =>
    list.setFilters(changes as Partial<Record<F, string | undefined>>);
  const range: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null =
    f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null;
  const filtered = anyFilter(f);
  return (
    <div className="table-filters" data-testid="list-filters">
      {props.children}
      <Input.Search
        key={f.q ?? ''}
        allowClear
        defaultValue={f.q}
        maxLength={50}
        placeholder={props.searchPlaceholder}
        aria-label={props.searchPlaceholder}
        onSearch={(v) => set({ q: v.trim() || undefined })}
        enterButton={t('common.search')}
        data-testid={props.searchTestId ?? 'filter-search'}
      />
      <DatePicker.RangePicker
        value={range}
        format="YYYY-MM-DD"
        allowEmpty={[true, true]}
        aria-label={t('listFilters.range')}
        placeholder={[t('listFilters.fromDay'), t('listFilters.toDay')]}
        onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        data-testid="filter-range"
      />
      {props.unit ? <UnitFilter value={f.organizationId} onChange={(id) => set({ organizationId: id })} /> : null}
      {props.supplier ? <SupplierFilter value={f.supplierId} onChange={(id) => set({ supplierId: id })} /> : null}
      <Space.Compact className="amount-range">
        <AmountInput
          fen={f.minFen}
          placeholder={t('listFilters.minAmount')}
          onCommit={(fen) => set({ minFen: fen })}
          testId="filter-min-amount"
        />
        <AmountInput
          fen={f.maxFen}
          placeholder={t('listFilters.maxAmount')}
          onCommit={(fen) => set({ maxFen: fen })}
          testId="filter-max-amount"
        />
      </Space.Compact>
      {filtered ? (
        <Button
          className="filter-clear"
          onClick={() =>
            list.setFilters(
              Object.fromEntries(keys.filter((k) => k !== 'sort').map((k) => [k, undefined])) as Partial<Record<F, string | undefined>>,
            )
          }
          data-testid="filter-clear"
        >
          {t('listFilters.clear')}
        </Button>
      ) : null}
      {props.savedList ? <SavedFilters listKey={props.savedList} list={list} keys={keys} /> : null}
      {props.extra}
    </div>
  );
}
