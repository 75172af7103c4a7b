import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../app/components/states.tsx';
import { useFormProblem } from '../../app/forms.ts';
import { affiliationKinds } from '@contracts/enums/tender.ts';
import { useDeclareAffiliation, useMyAffiliations, useWithdrawAffiliation, type Affiliation } from './api.ts';
import { affiliationColumns } from './ExpertAccess.tsx';

interface DeclareForm {
  kind: Affiliation['kind'];
  organizationName?: string;
  organizationUscc?: string;
  personName?: string;
  fromDate?: Dayjs | null;
  toDate?: Dayjs | null;
}
const fields = ['kind', 'organizationName', 'organizationUscc', 'personName', 'fromDate', 'toDate'] as const;

/** 回避申报: the expert declares what the draw must know (财库〔2016〕198号), and sees the center's review. */
export default function MyAffiliationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useMyAffiliations();
  const declare = useDeclareAffiliation();
  const withdraw = useWithdrawAffiliation();
  const [form] = Form.useForm<DeclareForm>();
  const problem = useFormProblem(form, fields);
  const kind = Form.useWatch('kind', form);
  const relative = kind === 'relative_of_legal_rep';

  const columns = [
    ...affiliationColumns(t),
    {
      title: '',
      key: 'withdraw',
      render: (_: unknown, a: Affiliation) =>
        a.status === 'declared' ? (
          <Popconfirm title={t('experts.affiliation.withdrawConfirm')} onConfirm={() => withdraw.mutate(a.id)}>
            <Button size="small" icon={<DeleteOutlined />}>
              {t('experts.affiliation.withdraw')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('experts.affiliation.myTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('experts.affiliation.intro')}
      </Typography.Paragraph>
      <Card size="small" title={t('experts.affiliation.declare')} data-testid="declare-affiliation">
        {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'employee' }}
          disabled={declare.isPending}
          onFinish={(v) =>
            declare.mutate(
              {
                kind: v.kind,
                ...(v.organizationName?.trim() ? { organizationName: v.organizationName.trim() } : {}),
                ...(v.organizationUscc?.trim() ? { organizationUscc: v.organizationUscc.trim() } : {}),
                ...(v.personName?.trim() ? { personName: v.personName.trim() } : {}),
                ...(v.fromDate ? { fromDate: v.fromDate.format('YYYY-MM-DD') } : {}),
                ...(v.toDate ? { toDate: v.toDate.format('YYYY-MM-DD') } : {}),
              },
              {
                onSuccess: () => {
                  void message.success(t('experts.affiliation.declared'));
                  form.resetFields();
                  problem.clear();
                },
                onError: problem.onError,
              },
            )
          }
        >
          <Flex gap={16} wrap>
            <Form.Item name="kind" label={t('experts.affiliation.kind')} style={{ flex: '1 1 200px' }}>
              <Select options={affiliationKinds.map((k) => ({ value: k, label: t(`experts.affiliation.kinds.${k}`) }))} />
            </Form.Item>
            {relative ? (
              <Form.Item name="personName" label={t('experts.affiliation.personName')} required style={{ flex: '1 1 200px' }}>
                <Input maxLength={50} />
              </Form.Item>
            ) : null}
            <Form.Item
              name="organizationName"
              label={t('experts.affiliation.organizationName')}
              required={!relative}
              style={{ flex: '2 1 260px' }}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="organizationUscc" label={t('experts.affiliation.organizationUscc')} style={{ flex: '1 1 220px' }}>
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item name="fromDate" label={t('experts.affiliation.fromDate')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="toDate" label={t('experts.affiliation.toDate')} extra={t('experts.affiliation.toDateHint')}>
              <DatePicker />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={declare.isPending} data-testid="submit-affiliation">
            {t('experts.affiliation.submit')}
          </Button>
        </Form>
      </Card>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: t('experts.affiliation.empty') }}
        data-testid="my-affiliations"
      />
    </Flex>
  );
}
