import { LoginOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Grid,
  Image,
  Input,
  Row,
  Skeleton,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { formatMoney, useFormat } from '../../app/format.ts';
import { useFormProblem, zodRule } from '../../app/forms.ts';
import { useSession } from '../../app/session.ts';
import { ConditionTag, useCategoryName } from '../assets/parts.tsx';
import {
  useLotEvents,
  useMyRegistration,
  usePublicLot,
  useRegisterForLot,
  type LiveState,
  type Lot,
  type LotDetail,
  type Registration,
} from './api.ts';
import { BidBox } from './BidBox.tsx';
import {
  BidHistory,
  DepositStatusTag,
  ExtendedTag,
  LotCountdown,
  LotImage,
  LotProgress,
  LotResult,
  LotStateTag,
  PriceFigure,
  ReserveNote,
  useLotState,
} from './parts.tsx';
import { registerBody } from './schema.ts';

function LiveBadge({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  return (
    <Badge
      status={state === 'live' ? 'processing' : state === 'connecting' ? 'warning' : 'default'}
      text={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`auction.live.${state}`)}
        </Typography.Text>
      }
      data-testid="live-status"
      data-state={state}
    />
  );
}

/** 竞买登记: the deposit's payment reference; the answer is the anonymous bidder code. */
function RegisterForm({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ depositRef: string }>();
  const register = useRegisterForLot();
  const problem = useFormProblem(form, ['depositRef']);
  return (
    <Form
      form={form}
      layout="vertical"
      disabled={register.isPending}
      onValuesChange={() => problem.formError && problem.clear()}
      onFinish={(v) =>
        register.mutate(
          { lotId: lot.id, depositRef: v.depositRef.trim() },
          {
            onSuccess: (answer) => void message.success(t('auction.register.done', { code: answer.bidderCode })),
            onError: problem.onError,
          },
        )
      }
    >
      <Typography.Paragraph>{t('auction.register.hint', { deposit: formatMoney(lot.depositFen) })}</Typography.Paragraph>
      {problem.formError ? (
        <Alert type="error" showIcon title={problem.formError} style={{ marginBottom: 12 }} data-testid="register-error" />
      ) : null}
      <Form.Item
        name="depositRef"
        required
        label={t('auction.register.depositRef')}
        rules={[zodRule(registerBody.shape.depositRef, t('auction.register.depositRef'), t)]}
        extra={t('auction.register.depositRefHint')}
      >
        <Input maxLength={60} data-testid="deposit-ref" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={register.isPending} data-testid="register-submit">
        {t('auction.register.submit')}
      </Button>
    </Form>
  );
}

function RegistrationSummary({ registration }: { registration: Registration }) {
  const { t } = useTranslation();
  return (
    <Flex gap={12} wrap align="center" className="lot-registration" data-testid="my-registration">
      <span>
        {t('auction.register.code')}
        <Typography.Text strong className="hash" style={{ fontSize: 16 }} data-testid="bidder-code">
          {registration.bidderCode}
        </Typography.Text>
      </span>
      <span>
        {t('auction.register.deposit', { amount: formatMoney(registration.depositFen) })}{' '}
        <DepositStatusTag status={registration.depositStatus} />
      </span>
      {registration.myHighestFen !== null ? (
        <span>
          {t('auction.mine.myHighest')}
          {t('common.colon')}
          {formatMoney(registration.myHighestFen)}
        </span>
      ) : null}
    </Flex>
  );
}

/** What the viewer can do: log in, register (suppliers), bid, or read why not. */
function Participation({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const user = session.data?.user;
  const supplier = !!user?.roles.includes('supplier');
  const mine = useMyRegistration(lot.id, supplier);
  const state = useLotState(lot);
  const open = state === 'live' || state === 'upcoming';

  if (session.isPending) return null;
  if (!user) {
    if (!open) return null;
    return (
      <Card size="small" title={t('auction.register.title')}>
        <Typography.Paragraph type="secondary">{t('auction.register.loginHint')}</Typography.Paragraph>
        <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
          <Button type="primary" icon={<LoginOutlined />} block>
            {t('auction.register.login')}
          </Button>
        </Link>
      </Card>
    );
  }
  if (!supplier) return open ? <Alert type="info" showIcon title={t('auction.register.suppliersOnly')} /> : null;
  if (mine.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (mine.isError) return <LoadError error={mine.error} onRetry={() => void mine.refetch()} />;
  const registration = mine.registration;
  if (!registration) {
    if (!open) return null;
    return (
      <Card size="small" title={t('auction.register.title')} data-testid="register-card">
        <RegisterForm lot={lot} />
      </Card>
    );
  }
  return (
    <Card size="small" title={t('auction.bid.title')} data-testid="bid-card">
      <Flex vertical gap={12}>
        <RegistrationSummary registration={registration} />
        {registration.depositStatus === 'pending' && open ? (
          <Alert type="warning" showIcon title={t('auction.register.depositPending')} data-testid="deposit-pending" />
        ) : state === 'live' ? (
          <BidBox lot={lot} registration={registration} />
        ) : state === 'upcoming' ? (
          <Alert type="info" showIcon title={t('auction.bid.notStarted')} />
        ) : state === 'closing' ? (
          <Alert type="warning" showIcon title={t('auction.countdown.ended')} />
        ) : registration.won ? (
          <Alert type="success" showIcon title={t('auction.mine.won')} />
        ) : null}
      </Flex>
    </Card>
  );
}

/** The price panel: current price, the rules of the bidding, the end with its live countdown. */
function PricePanel({ lot, live }: { lot: LotDetail; live: LiveState }) {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useLotState(lot);
  const open = state === 'live' || state === 'upcoming';
  return (
    <Card size="small" data-testid="price-panel">
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="start" gap={8} wrap>
          <PriceFigure lot={lot} size={30} />
          <LiveBadge state={live} />
        </Flex>
        <Flex vertical gap={2}>
          <LotCountdown lot={lot} />
          <Typography.Text data-testid="lot-ends-at">
            {t('auction.endsAt', { at: format.dateTime(lot.endsAt) })} <ExtendedTag lot={lot} />
          </Typography.Text>
          {lot.endsAt !== lot.originalEndsAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="original-end">
              {t('auction.originalEnd', { at: format.dateTime(lot.originalEndsAt) })}
            </Typography.Text>
          ) : null}
        </Flex>
        <Descriptions
          size="small"
          column={1}
          bordered
          styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}
          items={[
            ...(open
              ? [
                  {
                    key: 'next',
                    label: t('auction.nextMinimum'),
                    children: (
                      <Typography.Text strong data-testid="next-minimum">
                        {formatMoney(lot.nextMinimumFen)}
                      </Typography.Text>
                    ),
                  },
                ]
              : []),
            { key: 'start', label: t('auction.startPrice'), children: formatMoney(lot.startPriceFen) },
            { key: 'increment', label: t('auction.increment'), children: formatMoney(lot.incrementFen) },
            { key: 'deposit', label: t('auction.depositAmount'), children: formatMoney(lot.depositFen) },
            { key: 'reserve', label: t('auction.reserve'), children: <ReserveNote hasReserve={lot.hasReserve} /> },
            {
              key: 'bids',
              label: t('auction.bidsAndRegistrations'),
              children: (
                <span data-testid="bid-count">
                  {t('auction.bidCount', { n: lot.bidCount })} · {t('auction.registrations', { n: lot.registrations })}
                </span>
              ),
            },
            ...(lot.leadingBidderCode
              ? [
                  {
                    key: 'leader',
                    label: t('auction.leader'),
                    children: (
                      <span className="hash" data-testid="leader">
                        {lot.leadingBidderCode}
                      </span>
                    ),
                  },
                ]
              : []),
            ...(open
              ? [
                  {
                    key: 'sniping',
                    label: t('auction.antiSniping'),
                    children: t('auction.antiSnipingRule', { window: lot.extensionWindowMinutes, minutes: lot.extensionMinutes }),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
    </Card>
  );
}

function Photos({ lot }: { lot: Lot }) {
  const screens = Grid.useBreakpoint();
  if (lot.photos.length === 0) return <LotImage lot={lot} height={screens.md ? 320 : 200} />;
  return (
    <Image.PreviewGroup>
      <Flex vertical gap={8}>
        <Image
          src={lot.photos[0]!.url}
          alt={lot.title}
          width="100%"
          height={screens.md ? 320 : 220}
          style={{ objectFit: 'contain', background: '#f5f5f5' }}
        />
        {lot.photos.length > 1 ? (
          <Flex gap={8} wrap>
            {lot.photos.slice(1).map((p, i) => (
              <Image key={p.id} src={p.url} alt={`${lot.title} ${i + 2}`} width={72} height={72} style={{ objectFit: 'cover' }} />
            ))}
          </Flex>
        ) : null}
      </Flex>
    </Image.PreviewGroup>
  );
}

/**
 * 拍卖标的 (public): photos, description and viewing, the seller, the rules (start, increment,
 * deposit, 有保留价), the live price and end with its countdown, bid history by bidder code; a
 * supplier registers and bids here. A live feed keeps price, end and history current without a reload.
 */
export default function LotPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id } = useParams();
  const live = useLotEvents(id);
  const query = usePublicLot(id, live === 'offline');
  const session = useSession();
  const supplier = !!session.data?.user.roles.includes('supplier');
  const mine = useMyRegistration(id, supplier);
  const categoryName = useCategoryName();

  if (query.isPending) {
    return (
      <div className="app-content">
        <Skeleton active paragraph={{ rows: 14 }} />
      </div>
    );
  }
  if (query.isError) {
    const notFound = isApiProblem(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <div className="app-content">
        {notFound ? (
          <Card>
            <EmptyState title={t('auction.lot.notFound')} hint={t('auction.lot.notFoundHint')} />
          </Card>
        ) : (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        )}
      </div>
    );
  }
  const lot = query.data;

  return (
    <div className="app-content">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { key: 'home', title: <Link to="/">{t('nav.home')}</Link> },
          { key: 'hall', title: <Link to="/auctions">{t('auction.nav')}</Link> },
          { key: 'lot', title: <span className="hash">{lot.lotNo}</span> },
        ]}
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="lot-title">
          {lot.title}
        </Typography.Title>
        <LotStateTag lot={lot} />
        <ExtendedTag lot={lot} />
        <Typography.Text type="secondary">{t('auction.round', { n: lot.round })}</Typography.Text>
      </Flex>
      <Flex vertical gap={16}>
        <LotResult lot={lot} />
        <Row gutter={[16, 16]}>
          <Col xs={{ span: 24, order: 1 }} md={{ span: 10, order: 2 }}>
            <Flex vertical gap={16}>
              <PricePanel lot={lot} live={live} />
              <Participation lot={lot} />
            </Flex>
          </Col>
          <Col xs={{ span: 24, order: 2 }} md={{ span: 14, order: 1 }}>
            <Flex vertical gap={16}>
              <Card size="small">
                <Photos lot={lot} />
              </Card>
              <Card size="small" title={t('auction.lot.facts')}>
                <Descriptions
                  size="small"
                  bordered
                  column={1}
                  styles={{ label: { whiteSpace: 'nowrap', width: 110 } }}
                  items={[
                    { key: 'no', label: t('auction.lot.lotNo'), children: <span className="hash">{lot.lotNo}</span> },
                    { key: 'seller', label: t('auction.lot.seller'), children: lot.sellerName },
                    {
                      key: 'category',
                      label: t('auction.lot.category'),
                      children: (
                        <span>
                          <span className="hash">{lot.categoryCode}</span> {categoryName(lot.categoryCode, lot.categoryName)}
                        </span>
                      ),
                    },
                    { key: 'quantity', label: t('auction.lot.quantity'), children: lot.quantity },
                    { key: 'condition', label: t('auction.lot.condition'), children: <ConditionTag condition={lot.condition} /> },
                    {
                      key: 'location',
                      label: t('auction.lot.location'),
                      children: <span style={{ overflowWrap: 'anywhere' }}>{lot.location}</span>,
                    },
                    { key: 'appraisal', label: t('auction.lot.appraisal'), children: formatMoney(lot.appraisalFen) },
                    {
                      key: 'time',
                      label: t('auction.lot.period'),
                      children: `${format.dateTime(lot.startsAt)} — ${format.dateTime(lot.endsAt)}`,
                    },
                    {
                      key: 'viewing',
                      label: t('auction.lot.viewing'),
                      children: <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{lot.viewingInfo}</div>,
                    },
                    ...(lot.description
                      ? [
                          {
                            key: 'description',
                            label: t('auction.lot.description'),
                            children: <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{lot.description}</div>,
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            </Flex>
          </Col>
        </Row>
        <Card size="small" title={t('auction.lot.progress')}>
          <LotProgress lot={lot} />
        </Card>
        <Card size="small" title={t('auction.bids.title', { n: lot.bidCount })}>
          <BidHistory bids={lot.bids} mine={mine.registration?.bidderCode} />
        </Card>
      </Flex>
    </div>
  );
}
