import { Select } from 'antd';
import { useDeferredValue, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { usePurchasingUnit, usePurchasingUnits } from '../dashboards/api.ts';

/**
 * A purchasing unit of the caller's jurisdiction, searched by name as the user types (the list filters and the
 * dashboard). A chosen unit outside the first page keeps its name: `name` when the caller knows it, else read.
 */
export function UnitPicker({
  value,
  name,
  onChange,
  placeholder,
  ariaLabel,
  testId,
  style,
}: {
  value: string | undefined;
  name?: string | null;
  onChange: (id: string | undefined) => void;
  placeholder: string;
  ariaLabel: string;
  testId: string;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDeferredValue(search.trim());
  const units = usePurchasingUnits(q, open);
  const options = (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  const missing = value !== undefined && !options.some((o) => o.value === value);
  const named = usePurchasingUnit(missing && !name ? value : undefined);
  if (missing) options.unshift({ value, label: name ?? named.data?.name ?? `${value.slice(0, 8)}…` });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      placeholder={placeholder}
      notFoundContent={units.isFetching ? t('common.loading') : t('common.empty')}
      options={options}
      onOpenChange={setOpen}
      onChange={(id: string | undefined) => onChange(id)}
      aria-label={ariaLabel}
      data-testid={testId}
      style={style}
    />
  );
}
