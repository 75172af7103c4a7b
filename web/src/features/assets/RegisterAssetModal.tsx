import { Alert, App, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { parseYuan } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { CategorySelect } from '../experts/parts.tsx';
import { useRegisterAsset, type AssetDetail } from './api.ts';
import { moneyResolver, yuanRule } from './parts.tsx';
import { assetConditions, assetInput } from './schema.ts';

interface RegisterValues {
  categoryCode: string;
  name: string;
  description?: string;
  quantity: number | null;
  originalValue: string;
  netValue: string;
  acquiredOn: Dayjs | null;
  condition: (typeof assetConditions)[number];
  location: string;
}

const fields = [
  'categoryCode',
  'name',
  'description',
  'quantity',
  'originalValue',
  'netValue',
  'acquiredOn',
  'condition',
  'location',
] as const;
const resolve = moneyResolver({ originalValueFen: 'originalValue', netValueFen: 'netValue' });
const shape = assetInput.shape;

/** 登记闲置资产 (POST /api/assets): what it is, how many, what it cost and is worth now, its state and where it is. */
export function RegisterAssetModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (asset: AssetDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const register = useRegisterAsset();
  const problem = useFormProblem(form, fields, resolve);
  const label = (key: (typeof fields)[number]) => t(`assets.register.labels.${key}`);

  return (
    <Modal
      open={open}
      title={t('assets.register.title')}
      okText={t('assets.register.submit')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: register.isPending, disabled: register.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('assets.register.hint')}</Typography.Paragraph>
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
      ) : null}
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        disabled={register.isPending}
        initialValues={{ quantity: 1, condition: 'good' }}
        onValuesChange={() => problem.formError && problem.clear()}
        onFinish={(v) =>
          register.mutate(
            {
              categoryCode: v.categoryCode,
              name: v.name.trim(),
              description: (v.description ?? '').trim(),
              quantity: v.quantity ?? 0,
              originalValueFen: parseYuan(v.originalValue) ?? 0,
              netValueFen: parseYuan(v.netValue) ?? 0,
              acquiredOn: v.acquiredOn ? v.acquiredOn.format('YYYY-MM-DD') : '',
              condition: v.condition,
              location: v.location.trim(),
            },
            {
              onSuccess: (asset) => {
                void message.success(t('assets.register.done', { no: asset.assetNo }));
                onClose();
                onCreated(asset);
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="categoryCode"
          required
          label={label('categoryCode')}
          rules={[zodRule(shape.categoryCode, label('categoryCode'), t, { choose: true })]}
        >
          <CategorySelect placeholder={t('assets.register.categoryPlaceholder')} />
        </Form.Item>
        <Form.Item name="name" required label={label('name')} rules={[zodRule(shape.name, label('name'), t)]}>
          <Input maxLength={100} placeholder={t('assets.register.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={label('description')} rules={[zodRule(shape.description, label('description'), t)]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('assets.register.descriptionPlaceholder')} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="quantity"
            required
            label={label('quantity')}
            rules={[zodRule(shape.quantity, label('quantity'), t, { invalid: t('assets.register.quantityInvalid') })]}
            style={{ flex: '1 1 120px' }}
          >
            <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="originalValue"
            required
            label={label('originalValue')}
            rules={[yuanRule(shape.originalValueFen, label('originalValue'), t)]}
            style={{ flex: '1 1 160px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder="100000.00" />
          </Form.Item>
          <Form.Item
            name="netValue"
            required
            label={label('netValue')}
            rules={[yuanRule(shape.netValueFen, label('netValue'), t)]}
            extra={t('assets.register.netValueHint')}
            style={{ flex: '1 1 160px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder="20000.00" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item
            name="acquiredOn"
            required
            label={label('acquiredOn')}
            rules={[{ required: true, message: t('form.choose', { field: label('acquiredOn') }) }]}
            style={{ flex: '1 1 160px' }}
          >
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item
            name="condition"
            required
            label={label('condition')}
            rules={[zodRule(shape.condition, label('condition'), t, { choose: true })]}
            style={{ flex: '1 1 160px' }}
          >
            <Select options={assetConditions.map((c) => ({ value: c, label: t(`assets.condition.${c}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="location" required label={label('location')} rules={[zodRule(shape.location, label('location'), t)]}>
          <Input maxLength={200} placeholder={t('assets.register.locationPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
