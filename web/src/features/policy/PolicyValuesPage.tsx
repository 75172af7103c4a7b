import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type ApiAnswer } from '../../app/api.ts';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { LoadError, problemSummary } from '../../app/components/states.tsx';
import { useRegionLabel } from '../../app/regions.ts';
import { formatMoney } from '../../app/format.ts';

type Values = ApiAnswer<'/api/policy-values', 'get'>;
type Row = Values['items'][number];

/** A policy value kept in fen (its key ends in `Fen`): shown in yuan, entered in yuan. */
const isMoney = (key: string) => key.endsWith('Fen');

const show = (v: unknown, key: string) =>
  typeof v === 'number'
    ? isMoney(key)
      ? formatMoney(v)
      : v.toLocaleString('zh-CN')
    : v && typeof v === 'object'
      ? `${(v as { min: string }).min}–${(v as { max: string }).max}`
      : String(v);

/** 政策取值 (#19): the regional values in force in the regulator's area, who set each, and a form for its own level. */
export default function PolicyValuesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const regionLabel = useRegionLabel();
  /** A level in the page's language: '' (and the central level) set the national value (全国). */
  const national = (code: string) => code === '' || code === '000000';
  const level = (code: string, name: string) => (national(code) ? t('regions.000000') : regionLabel(code, name));
  const values = useQuery({ queryKey: ['policy-values'], queryFn: ({ signal }) => api.get('/api/policy-values', { signal }) });
  const save = useMutation({
    mutationFn: (body: { key: Row['key']; value: number | { min: string; max: string }; effectiveFrom: string; basis: string }) =>
      api.post('/api/policy-values', { body }),
    onSuccess: () => {
      void message.success(t('policyValues.saved'));
      void client.invalidateQueries({ queryKey: ['policy-values'] });
    },
    onError: (e) => void message.error(problemSummary(e, t)),
  });
  if (values.isError) return <LoadError error={values.error} />;
  const data = values.data;
  return (
    <>
      <PageTitle>{t('policyValues.title')}</PageTitle>
      <Card title={data ? t('policyValues.area', { name: level(data.regionCode, data.regionName) }) : ''} loading={values.isLoading}>
        <Table<Row>
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data?.items ?? []}
          columns={[
            { title: t('policyValues.key'), dataIndex: 'key', render: (k: string) => t(`policyValues.keys.${k}`, { defaultValue: k }) },
            { title: t('policyValues.value'), dataIndex: 'value', render: (v: unknown, r: Row) => show(v, r.key) },
            {
              title: t('policyValues.setBy'),
              dataIndex: 'setBy',
              render: (s: string, r: Row) => <Tag color={national(r.regionCode) ? 'default' : 'blue'}>{level(r.regionCode, s)}</Tag>,
            },
            { title: t('policyValues.basis'), dataIndex: 'basis' },
            { title: t('policyValues.effectiveFrom'), dataIndex: 'effectiveFrom' },
          ]}
        />
      </Card>
      {data?.editable && (
        <Card title={t('policyValues.edit', { name: level(data.regionCode, data.regionName) })} style={{ marginTop: 16 }}>
          <Form
            layout="inline"
            onFinish={(f: {
              key: Row['key'];
              amount?: number;
              min?: string;
              max?: string;
              effectiveFrom: { format: (p: string) => string };
              basis: string;
            }) =>
              save.mutate({
                key: f.key,
                value: f.key.startsWith('sme.')
                  ? { min: f.min ?? '', max: f.max ?? '' }
                  : isMoney(f.key)
                    ? Math.round((f.amount ?? 0) * 100)
                    : (f.amount ?? 0),
                effectiveFrom: f.effectiveFrom.format('YYYY-MM-DD'),
                basis: f.basis,
              })
            }
          >
            <Form.Item name="key" rules={[{ required: true }]}>
              <Select
                style={{ width: 220 }}
                placeholder={t('policyValues.key')}
                options={data.items.map((i) => ({ value: i.key, label: t(`policyValues.keys.${i.key}`, { defaultValue: i.key }) }))}
              />
            </Form.Item>
            <Form.Item name="amount">
              <InputNumber placeholder={t('policyValues.amount')} min={0} />
            </Form.Item>
            <Form.Item name="min">
              <Input placeholder={t('policyValues.min')} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="max">
              <Input placeholder={t('policyValues.max')} style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="effectiveFrom" rules={[{ required: true }]}>
              <DatePicker placeholder={t('policyValues.effectiveFrom')} />
            </Form.Item>
            <Form.Item name="basis" rules={[{ required: true }]}>
              <Input placeholder={t('policyValues.basis')} style={{ width: 280 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('policyValues.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
