import { Alert, App, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { fenToYuanInput, formatBeijing, formatMoney, parseYuan, platformTimeZone, useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useAssets, type Asset } from '../assets/api.ts';
import { moneyResolver, yuanRule } from '../assets/parts.tsx';
import { useCreateLot, useRecordPayment, useRelistLot, type ManagedLot } from './api.ts';
import { useServerNow } from './clock.ts';
import { lotInput, paymentBody } from './schema.ts';

// The pickers show Beijing wall-clock time whatever the viewer's own zone: a picked "2026-11-30 14:00"
// is 14:00 in Asia/Shanghai, and an ISO instant is shown as its Beijing time.
const pickerFormat = 'YYYY-MM-DD HH:mm';
export const toPicker = (iso: string): Dayjs => dayjs(dayjs.utc(iso).tz(platformTimeZone).format('YYYY-MM-DDTHH:mm'));
export const fromPicker = (value: Dayjs): string => dayjs.tz(value.format(pickerFormat), platformTimeZone).toISOString();

/** A bidding period to start from: the next half hour at least ten minutes away, for seven days. */
function defaultPeriod(now: number): { startsAt: Dayjs; endsAt: Dayjs } {
  const halfHour = 30 * 60_000;
  const start = Math.ceil((now + 10 * 60_000) / halfHour) * halfHour;
  return { startsAt: toPicker(new Date(start).toISOString()), endsAt: toPicker(new Date(start + 7 * 86_400_000).toISOString()) };
}

const resolve = moneyResolver({
  appraisalFen: 'appraisal',
  startPriceFen: 'startPrice',
  reservePriceFen: 'reservePrice',
  incrementFen: 'increment',
  depositFen: 'deposit',
});
const shape = lotInput.shape;

function whenRule(label: string, t: TFunction): Rule {
  return { required: true, message: t('form.choose', { field: label }) };
}

/** The end after the start, said on the spot; the server also wants it at least 10 minutes ahead and within 30 days. */
function endAfterStart(t: TFunction): Rule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value: Dayjs | null) => {
      const start = getFieldValue('startsAt') as Dayjs | null;
      if (value && start && !value.isAfter(start)) throw new Error(t('auction.form.endAfterStart'));
    },
  });
}

function TimeFields() {
  const { t } = useTranslation();
  return (
    <Flex gap={16} wrap>
      <Form.Item
        name="startsAt"
        required
        label={t('auction.form.startsAt')}
        rules={[whenRule(t('auction.form.startsAt'), t)]}
        style={{ flex: '1 1 200px' }}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format={pickerFormat} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="endsAt"
        required
        label={t('auction.form.endsAt')}
        dependencies={['startsAt']}
        rules={[whenRule(t('auction.form.endsAt'), t), endAfterStart(t)]}
        extra={t('auction.form.endsAtHint')}
        style={{ flex: '1 1 200px' }}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format={pickerFormat} style={{ width: '100%' }} />
      </Form.Item>
    </Flex>
  );
}

interface CreateValues {
  assetId: string;
  title: string;
  description?: string;
  viewingInfo: string;
  appraisal: string;
  startPrice: string;
  reservePrice?: string;
  increment: string;
  deposit?: string;
  startsAt: Dayjs | null;
  endsAt: Dayjs | null;
  extensionWindowMinutes?: number | null;
  extensionMinutes?: number | null;
}

const createFields = [
  'assetId',
  'title',
  'description',
  'viewingInfo',
  'appraisal',
  'startPrice',
  'reservePrice',
  'increment',
  'deposit',
  'startsAt',
  'endsAt',
  'extensionWindowMinutes',
  'extensionMinutes',
] as const;

/** Why an offered asset cannot be auctioned yet: its reallocation window is open, or a request waits. */
function blockedReason(asset: Asset, now: number, t: TFunction): string | null {
  if (asset.pendingRequests > 0) return t('auction.form.assetPending', { n: asset.pendingRequests });
  if (asset.offeredUntil && Date.parse(asset.offeredUntil) > now)
    return t('auction.form.assetWindow', { until: formatBeijing(asset.offeredUntil) });
  return null;
}

/**
 * 新建拍卖 (center staff): an asset whose warehouse window ended with no taker, the appraisal, the
 * start price, the hidden reserve, the increment, the deposit and the bidding period in Beijing time.
 */
export function CreateLotModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (lot: ManagedLot) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateLot();
  const problem = useFormProblem(form, createFields, resolve);
  const offered = useAssets({ page: 1, pageSize: 200, status: 'offered' }, open);
  const now = useServerNow();
  const label = (key: (typeof createFields)[number]) => t(`auction.form.labels.${key}`);
  const assets = offered.data?.items ?? [];

  return (
    <Modal
      open={open}
      title={t('auction.form.createTitle')}
      okText={t('auction.form.create')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, disabled: create.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('auction.form.createHint')}</Typography.Paragraph>
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
      ) : null}
      <Form<CreateValues>
        form={form}
        layout="vertical"
        disabled={create.isPending}
        initialValues={{ reservePrice: '', deposit: '', ...defaultPeriod(now) }}
        onValuesChange={(changed: Partial<CreateValues>) => {
          if (problem.formError) problem.clear();
          const picked = changed.assetId ? assets.find((a) => a.id === changed.assetId) : undefined;
          if (picked) {
            form.setFieldsValue({
              title: form.getFieldValue('title') || t('auction.form.defaultTitle', { name: picked.name, n: picked.quantity }),
              description: form.getFieldValue('description') || picked.description,
              viewingInfo: form.getFieldValue('viewingInfo') || t('auction.form.defaultViewing', { location: picked.location }),
              appraisal: form.getFieldValue('appraisal') || fenToYuanInput(picked.netValueFen),
            });
          }
        }}
        onFinish={(v) =>
          create.mutate(
            {
              assetId: v.assetId,
              title: v.title.trim(),
              description: (v.description ?? '').trim(),
              viewingInfo: v.viewingInfo.trim(),
              appraisalFen: parseYuan(v.appraisal) ?? 0,
              startPriceFen: parseYuan(v.startPrice) ?? 0,
              reservePriceFen: parseYuan(v.reservePrice) ?? 0,
              incrementFen: parseYuan(v.increment) ?? 0,
              depositFen: parseYuan(v.deposit) ?? 0,
              startsAt: v.startsAt ? fromPicker(v.startsAt) : '',
              endsAt: v.endsAt ? fromPicker(v.endsAt) : '',
              ...(v.extensionWindowMinutes ? { extensionWindowMinutes: v.extensionWindowMinutes } : {}),
              ...(v.extensionMinutes ? { extensionMinutes: v.extensionMinutes } : {}),
            },
            {
              onSuccess: (lot) => {
                void message.success(t('auction.form.created', { no: lot.lotNo }));
                onClose();
                onCreated(lot);
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="assetId"
          required
          label={label('assetId')}
          rules={[zodRule(shape.assetId, label('assetId'), t, { choose: true })]}
          extra={t('auction.form.assetHint')}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={offered.isPending}
            placeholder={t('auction.form.assetPlaceholder')}
            notFoundContent={offered.isPending ? undefined : t('auction.form.noAssets')}
            options={assets.map((a) => {
              const blocked = blockedReason(a, now, t);
              return {
                value: a.id,
                label: `${a.assetNo} ${a.name}（${a.ownerName}）`,
                disabled: !!blocked,
                title: blocked ?? undefined,
              };
            })}
            optionRender={(option) => {
              const a = assets.find((x) => x.id === option.value);
              const blocked = a ? blockedReason(a, now, t) : null;
              return (
                <div style={{ whiteSpace: 'normal' }}>
                  {option.label}
                  {a ? (
                    <Typography.Text type={blocked ? 'warning' : 'secondary'} style={{ display: 'block', fontSize: 12 }}>
                      {blocked ?? t('auction.form.assetReady', { net: formatMoney(a.netValueFen), n: a.quantity })}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            }}
          />
        </Form.Item>
        <Form.Item name="title" required label={label('title')} rules={[zodRule(shape.title, label('title'), t)]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={label('description')} rules={[zodRule(shape.description, label('description'), t)]}>
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item name="viewingInfo" required label={label('viewingInfo')} rules={[zodRule(shape.viewingInfo, label('viewingInfo'), t)]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="appraisal"
            required
            label={label('appraisal')}
            rules={[yuanRule(shape.appraisalFen, label('appraisal'), t)]}
            style={{ flex: '1 1 150px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} />
          </Form.Item>
          <Form.Item
            name="startPrice"
            required
            label={label('startPrice')}
            rules={[yuanRule(shape.startPriceFen, label('startPrice'), t)]}
            style={{ flex: '1 1 150px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} />
          </Form.Item>
          <Form.Item
            name="reservePrice"
            label={label('reservePrice')}
            rules={[yuanRule(shape.reservePriceFen, label('reservePrice'), t, { optional: true })]}
            extra={t('auction.form.reserveHint')}
            style={{ flex: '1 1 150px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item
            name="increment"
            required
            label={label('increment')}
            rules={[yuanRule(shape.incrementFen, label('increment'), t)]}
            style={{ flex: '1 1 150px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} />
          </Form.Item>
          <Form.Item
            name="deposit"
            label={label('deposit')}
            rules={[yuanRule(shape.depositFen, label('deposit'), t, { optional: true })]}
            extra={t('auction.form.depositHint')}
            style={{ flex: '1 1 150px' }}
          >
            <Input prefix="¥" inputMode="decimal" maxLength={16} />
          </Form.Item>
        </Flex>
        <TimeFields />
        <Typography.Text strong>{t('auction.form.antiSnipingTitle')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 8px' }}>
          {t('auction.form.antiSnipingHint')}
        </Typography.Paragraph>
        <Flex gap={16} wrap>
          <Form.Item name="extensionWindowMinutes" label={label('extensionWindowMinutes')} style={{ flex: '1 1 150px' }}>
            <InputNumber
              min={1}
              max={60}
              precision={0}
              suffix={t('auction.form.minutes')}
              placeholder={t('auction.form.policyDefault')}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="extensionMinutes" label={label('extensionMinutes')} style={{ flex: '1 1 150px' }}>
            <InputNumber
              min={1}
              max={60}
              precision={0}
              suffix={t('auction.form.minutes')}
              placeholder={t('auction.form.policyDefault')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

interface RelistValues {
  startPrice: string;
  reservePrice?: string;
  startsAt: Dayjs | null;
  endsAt: Dayjs | null;
}

const relistFields = ['startPrice', 'reservePrice', 'startsAt', 'endsAt'] as const;

/** 重新挂牌: the next round of a failed or defaulted lot; the policy's limit on the discount is said on the start price. */
export function RelistModal({
  lot,
  onClose,
  onRelisted,
}: {
  lot: ManagedLot | null;
  onClose: () => void;
  onRelisted: (lot: ManagedLot) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const [form] = Form.useForm<RelistValues>();
  const relist = useRelistLot();
  const now = useServerNow();
  const problem = useFormProblem(form, relistFields, resolve);
  const label = (key: (typeof relistFields)[number]) => t(`auction.form.labels.${key}`);
  return (
    <Modal
      open={!!lot}
      title={lot ? t('auction.form.relistTitle', { no: lot.lotNo, round: lot.round + 1 }) : ''}
      okText={t('auction.form.relist')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: relist.isPending, disabled: relist.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      width={640}
      destroyOnHidden
    >
      {lot ? (
        <>
          <Typography.Paragraph type="secondary">
            {t('auction.form.relistHint', {
              start: formatMoney(lot.startPriceFen),
              reserve: formatMoney(lot.reservePriceFen),
              note: lot.resultNote ?? '',
            })}
          </Typography.Paragraph>
          {problem.formError ? (
            <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="form-error" />
          ) : null}
          <Form<RelistValues>
            form={form}
            layout="vertical"
            disabled={relist.isPending}
            initialValues={{
              startPrice: fenToYuanInput(lot.startPriceFen),
              reservePrice: lot.reservePriceFen ? fenToYuanInput(lot.reservePriceFen) : '',
              ...defaultPeriod(now),
            }}
            onValuesChange={() => problem.formError && problem.clear()}
            onFinish={(v) =>
              relist.mutate(
                {
                  lotId: lot.id,
                  body: {
                    startPriceFen: parseYuan(v.startPrice) ?? 0,
                    reservePriceFen: parseYuan(v.reservePrice) ?? 0,
                    startsAt: v.startsAt ? fromPicker(v.startsAt) : '',
                    endsAt: v.endsAt ? fromPicker(v.endsAt) : '',
                  },
                },
                {
                  onSuccess: (next) => {
                    void message.success(t('auction.form.relisted', { no: next.lotNo, start: format.dateTime(next.startsAt) }));
                    onClose();
                    onRelisted(next);
                  },
                  onError: problem.onError,
                },
              )
            }
          >
            <Flex gap={16} wrap>
              <Form.Item
                name="startPrice"
                required
                label={label('startPrice')}
                rules={[yuanRule(shape.startPriceFen, label('startPrice'), t)]}
                extra={t('auction.form.relistStartHint', { previous: formatMoney(lot.startPriceFen) })}
                style={{ flex: '1 1 200px' }}
              >
                <Input prefix="¥" inputMode="decimal" maxLength={16} data-testid="relist-start" />
              </Form.Item>
              <Form.Item
                name="reservePrice"
                label={label('reservePrice')}
                rules={[yuanRule(shape.reservePriceFen, label('reservePrice'), t, { optional: true })]}
                extra={t('auction.form.reserveHint')}
                style={{ flex: '1 1 200px' }}
              >
                <Input prefix="¥" inputMode="decimal" maxLength={16} />
              </Form.Item>
            </Flex>
            <TimeFields />
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

/** 登记付款: the winner's payment reference; the asset is then sold and the deposit counts toward the price. */
export function PaymentModal({ lot, onClose }: { lot: ManagedLot | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const [form] = Form.useForm<{ reference: string }>();
  const pay = useRecordPayment();
  const problem = useFormProblem(form, ['reference']);
  return (
    <Modal
      open={!!lot}
      title={lot ? t('auction.payment.title', { no: lot.lotNo }) : ''}
      okText={t('auction.payment.submit')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: pay.isPending, disabled: pay.isPending }}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        problem.clear();
      }}
      destroyOnHidden
    >
      {lot ? (
        <Typography.Paragraph>
          {t('auction.payment.hint', {
            winner: lot.winnerName ?? '',
            price: formatMoney(lot.currentPriceFen ?? 0),
            deposit: formatMoney(lot.depositFen),
            deadline: format.dateTime(lot.payDeadline),
          })}
        </Typography.Paragraph>
      ) : null}
      {problem.formError ? <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={pay.isPending}
        onFinish={(v) =>
          lot &&
          pay.mutate(
            { lotId: lot.id, reference: v.reference.trim() },
            {
              onSuccess: () => {
                void message.success(t('auction.payment.done'));
                onClose();
              },
              onError: problem.onError,
            },
          )
        }
      >
        <Form.Item
          name="reference"
          required
          label={t('auction.payment.reference')}
          rules={[zodRule(paymentBody.shape.reference, t('auction.payment.reference'), t)]}
        >
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
