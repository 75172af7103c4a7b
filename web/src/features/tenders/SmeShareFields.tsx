import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { percentOfRate, rateOfPercent, type BidInput } from './schema.ts';

export type ShareKind = 'none' | 'consortium' | 'subcontract';

/** The form's view of a bid's consortium or subcontract share: the kind, and each firm's USCC with its share in percent. */
export interface ShareValues {
  shareKind?: ShareKind;
  shareMembers?: { uscc?: string; share?: number | null }[];
}

/** The share as the API takes it (财库〔2020〕46号第九条), or nothing when none is declared. */
export function smeShareOf(v: ShareValues): Pick<BidInput, 'smeShare'> {
  if (!v.shareKind || v.shareKind === 'none' || !v.shareMembers?.length) return {};
  return {
    smeShare: {
      kind: v.shareKind,
      members: v.shareMembers.map((m) => ({ uscc: (m.uscc ?? '').trim().toUpperCase(), share: rateOfPercent(m.share ?? 0) })),
    },
  };
}

/**
 * 联合体 / 分包: on a lot that accepts them, the bidder names the consortium's other members or its
 * subcontractors by USCC with their contract shares; the server checks them against the registry.
 */
export function SmeShareFields({ consortiumDeductionRate }: { consortiumDeductionRate: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<ShareValues>();
  const kind = Form.useWatch('shareKind', form);
  return (
    <>
      <Form.Item name="shareKind" label={t('tender.bid.share.kind')} initialValue="none" style={{ marginBottom: 8 }}>
        <Select
          data-testid="bid-share-kind"
          options={(['none', 'consortium', 'subcontract'] as const).map((k) => ({ value: k, label: t(`tender.bid.share.${k}`) }))}
        />
      </Form.Item>
      {kind && kind !== 'none' ? (
        <Form.List name="shareMembers" initialValue={[{ uscc: '', share: 30 }]}>
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ marginBottom: 12 }}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="start">
                  <Form.Item
                    name={[f.name, 'uscc']}
                    label={t('tender.bid.share.uscc')}
                    required
                    style={{ flex: '2 1 220px', marginBottom: 4 }}
                  >
                    <Input maxLength={18} data-testid="bid-share-uscc" />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'share']}
                    label={t('tender.bid.share.share')}
                    required
                    style={{ flex: '1 1 120px', marginBottom: 4 }}
                  >
                    <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: '100%' }} data-testid="bid-share-percent" />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('tender.bid.share.remove')}
                    onClick={() => remove(f.name)}
                    disabled={fields.length === 1}
                    style={{ marginTop: 30 }}
                  />
                </Flex>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ uscc: '', share: 10 })}
                disabled={fields.length >= 10}
                style={{ alignSelf: 'start' }}
              >
                {t('tender.bid.share.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('tender.bid.share.hint', { pct: percentOfRate(consortiumDeductionRate) })}
      </Typography.Paragraph>
    </>
  );
}
