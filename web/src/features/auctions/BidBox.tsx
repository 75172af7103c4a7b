import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuanInput, formatMoney, parseYuan, useFormat } from '../../app/format.ts';
import { useFormProblem } from '../../app/forms.ts';
import { moneyResolver, yuanRule } from '../assets/parts.tsx';
import { usePlaceBid, type Lot, type Registration } from './api.ts';
import { bidBody } from './schema.ts';

interface BidValues {
  amount: string;
}

const resolve = moneyResolver({ amountFen: 'amount' });
/** Quick amounts: one increment over the price (the least allowed) and five (before the first bid: the start price and four over it). */
const quickSteps = [1, 5] as const;

/**
 * 出价 (a registered bidder, while bidding is open): an amount in yuan, at least the next minimum; quick
 * buttons for one and five increments; a confirmation, since a bid cannot be taken back. The server
 * decides by its own clock and lock: a bid after the end or under a newer price is refused, and said so.
 */
export function BidBox({ lot, registration }: { lot: Lot; registration: Registration }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const format = useFormat();
  const [form] = Form.useForm<BidValues>();
  const bid = usePlaceBid();
  const problem = useFormProblem(form, ['amount'], resolve);
  const leading = lot.leadingBidderCode === registration.bidderCode;
  // Whether the bidder chose an amount (typed it or took a quick button) since the last bid.
  const chosen = useRef(false);
  const quick = quickSteps.map((k) => ({ k, fen: lot.nextMinimumFen + (k - 1) * lot.incrementFen }));

  // The amount follows the minimum until the bidder chooses one; a chosen amount is re-checked against it.
  useEffect(() => {
    if (!chosen.current) form.setFieldValue('amount', fenToYuanInput(lot.nextMinimumFen));
    else void form.validateFields(['amount']).catch(() => undefined);
  }, [form, lot.nextMinimumFen]);

  const place = (amountFen: number) =>
    bid
      .mutateAsync({ lotId: lot.id, amountFen })
      .then((result) => {
        chosen.current = false;
        form.resetFields();
        void message.success(
          result.extended
            ? t('auction.bid.doneExtended', { amount: formatMoney(result.amountFen), end: format.dateTime(result.endsAt) })
            : t('auction.bid.done', { amount: formatMoney(result.amountFen) }),
        );
      })
      .catch(problem.onError);

  return (
    <Form<BidValues>
      form={form}
      layout="vertical"
      disabled={bid.isPending}
      initialValues={{ amount: fenToYuanInput(lot.nextMinimumFen) }}
      onValuesChange={() => problem.formError && problem.clear()}
      onFinish={(v) => {
        const amountFen = parseYuan(v.amount);
        if (amountFen === null) return;
        modal.confirm({
          title: t('auction.bid.confirmTitle'),
          content: (
            <Flex vertical gap={4}>
              <span>
                {t('auction.bid.confirmAmount')}
                <Typography.Text strong style={{ fontSize: 18 }} data-testid="confirm-amount">
                  {formatMoney(amountFen)}
                </Typography.Text>
              </span>
              <span>{t('auction.bid.confirmCode', { code: registration.bidderCode })}</span>
              <Typography.Text type="secondary">{t('auction.bid.confirmRule')}</Typography.Text>
            </Flex>
          ),
          okText: t('auction.bid.confirm'),
          cancelText: t('auction.bid.cancel'),
          onOk: () => place(amountFen),
        });
      }}
    >
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="bid-error" />
      ) : null}
      {leading ? (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined />}
          title={t('auction.bid.leading')}
          style={{ marginBottom: 12 }}
          data-testid="bid-leading"
        />
      ) : null}
      <Form.Item
        name="amount"
        required
        label={t('auction.bid.amount')}
        extra={t('auction.bid.minHint', { min: formatMoney(lot.nextMinimumFen), increment: formatMoney(lot.incrementFen) })}
        rules={[
          yuanRule(bidBody.shape.amountFen, t('auction.bid.amount'), t),
          {
            validator: async (_rule, value: unknown) => {
              const fen = parseYuan(typeof value === 'string' ? value : null);
              if (fen !== null && fen < lot.nextMinimumFen)
                throw new Error(t('auction.bid.belowMin', { min: formatMoney(lot.nextMinimumFen) }));
            },
          },
        ]}
      >
        <Input
          prefix="¥"
          size="large"
          inputMode="decimal"
          maxLength={16}
          onChange={() => (chosen.current = true)}
          data-testid="bid-amount"
        />
      </Form.Item>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {quick.map(({ k, fen }) => (
          <Button
            key={k}
            onClick={() => {
              chosen.current = true;
              form.setFields([{ name: 'amount', value: fenToYuanInput(fen), errors: [] }]);
              problem.clear();
            }}
            data-testid={`quick-${k}`}
          >
            {t('auction.bid.quick', { n: k, amount: formatMoney(fen) })}
          </Button>
        ))}
      </Flex>
      <Button
        type="primary"
        danger
        htmlType="submit"
        size="large"
        block
        icon={<SendOutlined />}
        loading={bid.isPending}
        disabled={bid.isPending || leading}
        data-testid="bid-submit"
      >
        {t('auction.bid.submit')}
      </Button>
    </Form>
  );
}
