import { Select, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePublicCredit, type PublicSupplier } from './api.ts';

export interface PickedSupplier {
  id: string;
  name: string;
  uscc: string | null;
}

/**
 * A supplier chosen by name or USCC (GET /api/public/credit?q=, at least 2 characters), as a form
 * control whose value is the supplier's id. Each option shows the USCC and whether it is listed.
 */
export function SupplierPicker({
  value,
  onChange,
  onPick,
  id,
  initialName,
  placeholder,
  style,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  onPick?: (supplier: PickedSupplier | null) => void;
  id?: string;
  /** The name of the supplier already chosen (a filter read from the URL), shown instead of its id. */
  initialName?: string | undefined;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [picked, setPicked] = useState<PickedSupplier | null>(() =>
    value && initialName ? { id: value, name: initialName, uscc: null } : null,
  );
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const lookup = usePublicCredit(debounced.length >= 2 ? debounced : undefined);
  const found: PublicSupplier[] = useMemo(() => (debounced.length >= 2 ? (lookup.data?.results ?? []) : []), [debounced, lookup.data]);

  const options = useMemo(() => {
    const list: { value: string; label: string; supplier: PickedSupplier; listed: boolean }[] = found.map((s) => ({
      value: s.id,
      label: s.name,
      supplier: { id: s.id, name: s.name, uscc: s.uscc },
      listed: s.exclusions.length > 0,
    }));
    // The chosen supplier stays an option while the search moves on, so its name (not its id) shows.
    if (picked && value === picked.id && !list.some((o) => o.value === picked.id)) {
      list.unshift({ value: picked.id, label: picked.name, supplier: picked, listed: false });
    }
    return list;
  }, [found, picked, value]);

  const notFound = debounced.length < 2 ? t('credit.picker.typeMore') : lookup.isFetching ? t('common.loading') : t('credit.picker.none');

  return (
    <Select
      id={id}
      value={value}
      allowClear
      placeholder={placeholder ?? t('credit.picker.placeholder')}
      style={style}
      showSearch={{ onSearch: setSearch, filterOption: false }}
      loading={lookup.isFetching}
      notFoundContent={notFound}
      options={options}
      optionRender={(option) => {
        const o = option.data as (typeof options)[number];
        return (
          <div style={{ whiteSpace: 'normal' }}>
            <div>
              {o.label} {o.listed ? <Tag color="red">{t('credit.picker.listed')}</Tag> : null}
            </div>
            <Typography.Text type="secondary" className="hash">
              {o.supplier.uscc ?? t('common.none')}
            </Typography.Text>
          </div>
        );
      }}
      onChange={(next: string | undefined) => {
        const option = options.find((o) => o.value === next);
        const supplier = option ? option.supplier : null;
        setPicked(supplier);
        onPick?.(supplier);
        onChange?.(next);
      }}
    />
  );
}
