import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { useFormProblem, zodRule } from '../forms.ts';

interface ReasonForm {
  reason: string;
}

export interface ReasonModalProps {
  open: boolean;
  title: React.ReactNode;
  /** What the decision does, in words: shown above the reason. */
  description?: React.ReactNode;
  label: string;
  /** The API's own schema for the reason. */
  schema: ZodType;
  okText: string;
  danger?: boolean;
  pending: boolean;
  onSubmit: (reason: string, callbacks: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
  onClose: () => void;
}

/** A decision that needs a written reason (confirm, revoke, lift, suspend…): the reason is required. */
export function ReasonModal(props: ReasonModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReasonForm>();
  const problem = useFormProblem(form, ['reason']);
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      okButtonProps={{ danger: props.danger, loading: props.pending, disabled: props.pending }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      {props.description ? <div style={{ marginBottom: 12 }}>{props.description}</div> : null}
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={props.pending}
        onFinish={(values) =>
          props.onSubmit(values.reason.trim(), {
            onSuccess: props.onClose,
            onError: problem.onError,
          })
        }
      >
        <Form.Item name="reason" required label={props.label} rules={[zodRule(props.schema, props.label, t)]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
