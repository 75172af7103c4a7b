import { BankOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { lotRegistrationSchema } from '@contracts/auctions.schemas.ts';
import { api } from '../../app/api.ts';
import { LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useFormProblem } from '../../app/forms.ts';
import type { ManagedLot } from './api.ts';
import { DepositStatusTag } from './parts.tsx';

export type LotRegistration = z.infer<typeof lotRegistrationSchema>;

const registrationsKey = (lotId: string) => ['auctions', 'registrations', lotId] as const;

/** A lot's registrations with their deposits (center staff and regulators). */
function useLotRegistrations(lotId: string) {
  return useQuery({
    queryKey: registrationsKey(lotId),
    queryFn: ({ signal }) => api.get('/api/auctions/{id}/registrations', { params: { path: { id: lotId } }, signal }),
  });
}

/** 登记到账: the bank receipt of a deposit; then the bidder may bid. */
function useRecordDeposit(lotId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ registrationId, body }: { registrationId: string; body: { amountFen: number; bankRef: string; receivedAt: string } }) =>
      api.post('/api/auctions/registrations/{id}/deposit', { params: { path: { id: registrationId } }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: registrationsKey(lotId) }),
  });
}

interface ReceiptValues {
  amountYuan: number;
  bankRef: string;
  receivedAt: Dayjs;
}

function DepositModal({ lot, registration, onClose }: { lot: ManagedLot; registration: LotRegistration | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReceiptValues>();
  const record = useRecordDeposit(lot.id);
  const problem = useFormProblem(form, ['bankRef', 'receivedAt'], (field) => (field === 'amountFen' ? 'amountYuan' : undefined));
  return (
    <Modal
      open={!!registration}
      title={registration ? t('auction.depositReceipt.title', { code: registration.bidderCode }) : ''}
      okText={t('auction.depositReceipt.submit')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: record.isPending, disabled: record.isPending }}
      onCancel={onClose}
      afterClose={() => problem.clear()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('auction.depositReceipt.hint', {
          bidder: registration?.bidderName ?? '',
          deposit: formatMoney(lot.depositFen),
          ref: registration?.depositRef ?? '',
        })}
      </Typography.Paragraph>
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form<ReceiptValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ amountYuan: lot.depositFen / 100, receivedAt: dayjs() }}
        onFinish={(v) =>
          registration &&
          record.mutate(
            {
              registrationId: registration.id,
              body: { amountFen: Math.round(v.amountYuan * 100), bankRef: v.bankRef.trim(), receivedAt: v.receivedAt.toISOString() },
            },
            {
              onSuccess: () => {
                void message.success(t('auction.depositReceipt.done'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item name="amountYuan" label={t('auction.depositReceipt.amount')} rules={[{ required: true }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} prefix="¥" />
        </Form.Item>
        <Form.Item name="bankRef" label={t('auction.depositReceipt.bankRef')} rules={[{ required: true, min: 6, max: 60 }]}>
          <Input maxLength={60} data-testid="deposit-bank-ref" />
        </Form.Item>
        <Form.Item name="receivedAt" label={t('auction.depositReceipt.receivedAt')} rules={[{ required: true }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The center's view of a lot's registrations: each bidder, its deposit and its status, with 登记到账 while pending. */
export function LotRegistrations({ lot, staff }: { lot: ManagedLot; staff: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const regs = useLotRegistrations(lot.id);
  const [recording, setRecording] = useState<LotRegistration | null>(null);
  if (regs.isError) return <LoadError error={regs.error} onRetry={() => void regs.refetch()} />;
  const columns: TableColumnsType<LotRegistration> = [
    { key: 'code', title: t('auction.register.codeLabel'), render: (_: unknown, r) => <span className="hash">{r.bidderCode}</span> },
    { key: 'bidder', title: t('auction.depositReceipt.bidder'), dataIndex: 'bidderName' },
    { key: 'ref', title: t('auction.register.depositRef'), dataIndex: 'depositRef' },
    { key: 'status', title: t('auction.depositReceipt.status'), render: (_: unknown, r) => <DepositStatusTag status={r.depositStatus} /> },
    {
      key: 'receipt',
      title: t('auction.depositReceipt.bankRef'),
      render: (_: unknown, r) => (r.depositBankRef ? `${r.depositBankRef} · ${format.dateTime(r.depositReceivedAt)}` : '—'),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, r) =>
        staff && r.depositStatus === 'pending' && lot.status === 'open' ? (
          <Button size="small" icon={<BankOutlined />} onClick={() => setRecording(r)} data-testid="record-deposit">
            {t('auction.depositReceipt.open')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Table<LotRegistration>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={regs.data ?? []}
        loading={regs.isPending}
        pagination={false}
        data-testid="lot-registrations"
      />
      <DepositModal lot={lot} registration={recording} onClose={() => setRecording(null)} />
    </>
  );
}
