import { Alert, App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useRecordEvent, type CreditEvent, type RecordEventInput, type Severity, type Source } from './api.ts';
import { creditSeveritySchema, recordEventBody } from './schema.ts';
import { SupplierPicker, type PickedSupplier } from './SupplierPicker.tsx';

interface RecordForm {
  supplierId: string;
  source: RecordEventInput['source'];
  severity: Severity;
  title: string;
  description: string;
  sourceRef?: string;
  occurredAt?: Dayjs;
}

const fields = ['supplierId', 'source', 'severity', 'title', 'description', 'sourceRef', 'occurredAt'] as const;
const recordableSources = recordEventBody.shape.source.options;
const severities = creditSeveritySchema.options;

/**
 * 登记信用记录 (POST /api/credit/events): a regulator penalty or tender misconduct against a supplier.
 * It waits as 待确认 until the regulator confirms it; only then does it count and open the appeal window.
 */
export function RecordEventModal({
  open,
  defaultSource,
  onClose,
  onCreated,
}: {
  open: boolean;
  defaultSource: Source;
  onClose: () => void;
  onCreated: (event: CreditEvent) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordForm>();
  const [supplier, setSupplier] = useState<PickedSupplier | null>(null);
  const record = useRecordEvent();
  const problem = useFormProblem(form, fields);
  const label = (key: (typeof fields)[number]) => t(`credit.record.fields.${key}`);

  return (
    <Modal
      open={open}
      title={t('credit.record.formTitle')}
      okText={t('credit.record.submit')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: record.isPending, disabled: record.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
        setSupplier(null);
      }}
      width={640}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('credit.record.formHint')}</Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={record.isPending}
        initialValues={{ source: defaultSource, severity: 'general' }}
        onValuesChange={() => problem.formError && problem.clear()}
        onFinish={(values) =>
          record.mutate(
            {
              supplierId: values.supplierId,
              source: values.source,
              severity: values.severity,
              title: values.title.trim(),
              description: values.description.trim(),
              ...(values.sourceRef?.trim() ? { sourceRef: values.sourceRef.trim() } : {}),
              ...(values.occurredAt ? { occurredAt: values.occurredAt.toISOString() } : {}),
            },
            {
              onSuccess: (event) => {
                void message.success(t('credit.record.done'));
                onClose();
                onCreated({ ...event, ...(supplier ? { supplierName: supplier.name } : {}) });
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="supplierId"
          required
          label={label('supplierId')}
          rules={[zodRule(recordEventBody.shape.supplierId, label('supplierId'), t, { choose: true })]}
          extra={t('credit.picker.hint')}
        >
          <SupplierPicker onPick={setSupplier} />
        </Form.Item>
        <Form.Item
          name="source"
          required
          label={label('source')}
          rules={[zodRule(recordEventBody.shape.source, label('source'), t, { choose: true })]}
        >
          <Select options={recordableSources.map((s) => ({ value: s, label: t(`credit.source.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="severity"
          required
          label={label('severity')}
          rules={[zodRule(recordEventBody.shape.severity, label('severity'), t, { choose: true })]}
          extra={t('credit.record.severityHint')}
        >
          <Select options={severities.map((s) => ({ value: s, label: t(`severity.${s}`) }))} />
        </Form.Item>
        <Form.Item name="title" required label={label('title')} rules={[zodRule(recordEventBody.shape.title, label('title'), t)]}>
          <Input maxLength={200} placeholder={t('credit.record.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="description"
          required
          label={label('description')}
          rules={[zodRule(recordEventBody.shape.description, label('description'), t)]}
          extra={t('credit.record.descriptionHint')}
        >
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
        <Form.Item name="sourceRef" label={label('sourceRef')} rules={[zodRule(recordEventBody.shape.sourceRef, label('sourceRef'), t)]}>
          <Input maxLength={200} placeholder={t('credit.record.sourceRefPlaceholder')} />
        </Form.Item>
        <Form.Item name="occurredAt" label={label('occurredAt')} extra={t('credit.record.occurredAtHint')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
