import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { parseYuan, useFormat } from '../../app/format.ts';
import type { Tender } from './api.ts';
import { useProcedureStep, type Procedure } from './procedure.ts';

/**
 * The supplier's part: its status in the negotiation, and in the final-offer stage the sealed final offer
 * per lot with its receipt (the 回执密钥 shown once); leaving between rounds.
 */
export function FinalOfferCard({ tender, p }: { tender: Tender; p: Procedure }) {
  const { t } = useTranslation();
  const format = useFormat();
  const step = useProcedureStep(tender.id);
  const [nonce, setNonce] = useState<string | null>(null);
  const me = p.participants[0];
  if (!me) return null;
  const path = { params: { path: { id: tender.id } } };
  return (
    <Flex vertical gap={8} data-testid="my-negotiation">
      <Typography.Text>
        {t('procedure.myStatus')}
        <Tag color={me.status === 'active' ? 'processing' : 'default'} data-testid="my-status">
          {t(`procedure.participant.${me.status}`)}
        </Tag>
      </Typography.Text>
      {me.status === 'active' && p.stage === 'rounds' ? (
        <Form
          layout="inline"
          onFinish={(v: { reason: string }) => step.mutate(() => api.post('/api/tenders/{id}/rounds/withdraw', { ...path, body: v }))}
        >
          <Form.Item name="reason" rules={[{ required: true, min: 2, message: t('procedure.reasonRequired') }]}>
            <Input style={{ width: 260 }} placeholder={t('procedure.reason')} />
          </Form.Item>
          <Button danger htmlType="submit" loading={step.isPending}>
            {t('procedure.withdraw')}
          </Button>
        </Form>
      ) : null}
      {me.status === 'active' && p.stage === 'final_offers' ? (
        <>
          <Alert type="warning" showIcon title={t('procedure.finalCall', { at: format.dateTime(p.finalOfferDeadline) })} />
          <Form
            layout="inline"
            initialValues={{ lotId: tender.lots[0]?.id }}
            data-testid="final-offer-form"
            onFinish={(v: { lotId: string; price: string }) =>
              step.mutate(async () => {
                const receipt = await api.put('/api/tenders/{id}/final-offers', {
                  ...path,
                  body: { lotId: v.lotId, priceFen: parseYuan(v.price) ?? 0, note: '' },
                });
                setNonce(receipt.nonce);
              })
            }
          >
            <Form.Item name="lotId">
              <Select style={{ width: 200 }} options={tender.lots.map((l) => ({ value: l.id, label: `${l.lotNo} ${l.name}` }))} />
            </Form.Item>
            <Form.Item name="price" rules={[{ required: true, message: t('procedure.priceRequired') }]}>
              <Input addonBefore="¥" style={{ width: 220 }} placeholder={t('procedure.finalPrice')} data-testid="final-offer-price" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={step.isPending} data-testid="final-offer-submit">
              {t('procedure.submitFinal')}
            </Button>
          </Form>
        </>
      ) : null}
      {nonce ? (
        <Alert
          type="success"
          showIcon
          data-testid="final-offer-nonce"
          title={t('procedure.nonceOnce')}
          description={<Typography.Text copyable>{nonce}</Typography.Text>}
        />
      ) : null}
      {p.myFinalOffers.map((o) => (
        <Alert
          key={o.offerId}
          type="info"
          data-testid="final-offer-receipt"
          title={t('procedure.receipt', {
            at: format.dateTime(o.submittedAt),
            version: o.version,
            status: t(`procedure.offerStatus.${o.status as 'submitted' | 'opened' | 'rejected'}`),
          })}
          description={<Typography.Text code>{o.commitment}</Typography.Text>}
        />
      ))}
    </Flex>
  );
}

/** 异议 to a single-source notice: anyone signed in, within the window. */
export function ObjectionForm({ tenderId }: { tenderId: string }) {
  const { t } = useTranslation();
  const step = useProcedureStep(tenderId);
  const [form] = Form.useForm<{ grounds: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="objection-form"
      onFinish={(v) =>
        step.mutate(() =>
          api.post('/api/tenders/{id}/objections', { params: { path: { id: tenderId } }, body: v }).then(() => form.resetFields()),
        )
      }
    >
      <Form.Item
        name="grounds"
        label={t('procedure.ss.grounds')}
        rules={[{ required: true, min: 2, message: t('procedure.ss.groundsRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Button htmlType="submit" loading={step.isPending}>
        {t('procedure.ss.object')}
      </Button>
    </Form>
  );
}

/** 协商情况记录 and the agreed price with reasons (center, after the objection window). */
export function NegotiationRecordForm({ tenderId }: { tenderId: string }) {
  const { t } = useTranslation();
  const step = useProcedureStep(tenderId);
  return (
    <Form
      layout="vertical"
      data-testid="negotiation-record-form"
      onFinish={(v: { record: string; price: string; priceReasons: string }) =>
        step.mutate(() =>
          api.post('/api/tenders/{id}/single-source/negotiation', {
            params: { path: { id: tenderId } },
            body: { record: v.record, agreedPriceFen: parseYuan(v.price) ?? 0, priceReasons: v.priceReasons },
          }),
        )
      }
    >
      <Form.Item name="record" label={t('procedure.ss.record')} rules={[{ required: true, min: 2, message: t('procedure.notesRequired') }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="price" label={t('procedure.ss.agreedPrice')} rules={[{ required: true, message: t('procedure.priceRequired') }]}>
        <Input addonBefore="¥" />
      </Form.Item>
      <Form.Item
        name="priceReasons"
        label={t('procedure.ss.priceReasons')}
        rules={[{ required: true, min: 2, message: t('procedure.reasonRequired') }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.isPending}>
        {t('procedure.ss.saveRecord')}
      </Button>
    </Form>
  );
}

/** 单一来源公示 on the draft: the reasons and the proposed (invited) supplier, published with the tender. */
export function SingleSourceNoticeForm({ tender }: { tender: Tender }) {
  const { t } = useTranslation();
  const step = useProcedureStep(tender.id);
  return (
    <Form
      layout="vertical"
      data-testid="single-source-notice-form"
      initialValues={{ proposedSupplierId: tender.invitedSupplierIds[0] }}
      onFinish={(v: { reasons: string; proposedSupplierId: string }) =>
        step.mutate(() => api.put('/api/tenders/{id}/single-source/notice', { params: { path: { id: tender.id } }, body: v }))
      }
    >
      <Form.Item
        name="reasons"
        label={t('procedure.ss.reasons')}
        rules={[{ required: true, min: 2, message: t('procedure.reasonRequired') }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item
        name="proposedSupplierId"
        label={t('procedure.ss.proposed')}
        rules={[{ required: true, message: t('procedure.pickSupplier') }]}
      >
        <Select options={tender.invitedSupplierIds.map((id) => ({ value: id, label: id }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.isPending}>
        {t('procedure.ss.saveNotice')}
      </Button>
    </Form>
  );
}
