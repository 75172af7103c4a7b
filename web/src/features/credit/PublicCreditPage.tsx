import { EyeInvisibleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Flex, Form, Input, Row, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmptyState, LoadError } from '../../app/components/states.tsx';
import { SeverityTag, StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { zodRule } from '../../app/forms.ts';
import { useRegionLabel } from '../../app/regions.ts';
import type { SizeClass } from '../../app/types.ts';
import { usePublicCredit, type PublicExclusion, type PublicSupplier } from './api.ts';
import { ExclusionPeriod, ListTypeTag, RegionScope } from './parts.tsx';
import { ScoreDial } from './ScoreCard.tsx';
import { lookupQuery } from './schema.ts';
import { useServerText } from '../../app/serverText.ts';

type PublicRecordItem = PublicSupplier['record'][number];

const sizeClasses: readonly SizeClass[] = ['large', 'medium', 'small', 'micro'];

function ExclusionBlock({ x }: { x: PublicExclusion }) {
  const { t } = useTranslation();
  return (
    <div className="credit-exclusion" data-testid="public-exclusion">
      <Flex gap={8} wrap align="center">
        <ListTypeTag listType={x.listType} />
        <ExclusionPeriod startsOn={x.startsOn} endsOn={x.endsOn} />
      </Flex>
      <Typography.Paragraph style={{ margin: '6px 0 0' }}>
        <Typography.Text type="secondary">
          {t('credit.exclusions.legalBasis')}
          {t('common.colon')}
        </Typography.Text>
        {x.legalBasis}
        <span style={{ display: 'inline-block', whiteSpace: 'nowrap', marginInlineStart: 12 }}>
          <Typography.Text type="secondary">
            {t('credit.exclusions.region')}
            {t('common.colon')}
          </Typography.Text>
          <RegionScope code={x.regionCode} />
        </span>
      </Typography.Paragraph>
    </div>
  );
}

function SupplierResult({ s }: { s: PublicSupplier }) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const regionLabel = useRegionLabel();
  const size = sizeClasses.find((c) => c === s.sizeClass);

  const columns: TableColumnsType<PublicRecordItem> = [
    { key: 'occurredAt', dataIndex: 'occurredAt', title: t('credit.events.occurredAt'), render: (v: string) => format.dateTime(v) },
    {
      key: 'source',
      dataIndex: 'source',
      title: t('credit.events.source'),
      render: (v: PublicRecordItem['source']) => t(`credit.source.${v}`),
    },
    {
      key: 'severity',
      dataIndex: 'severity',
      title: t('credit.events.severity'),
      render: (v: PublicRecordItem['severity']) => <SeverityTag severity={v} />,
    },
    { key: 'title', dataIndex: 'title', title: t('credit.events.title'), render: (_: string, e) => words(e.title) },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('credit.events.status'),
      render: (v: PublicRecordItem['status']) => <StatusTag status={v} />,
    },
  ];

  return (
    <Card
      data-testid="credit-result"
      title={
        <Flex gap={8} wrap align="center" style={{ whiteSpace: 'normal', padding: '8px 0' }}>
          <span>{s.name}</span>
          {s.exclusions.length > 0 ? (
            <Tag color="red">{t('credit.public.listed')}</Tag>
          ) : (
            <Tag color="green">{t('credit.public.notListed')}</Tag>
          )}
        </Flex>
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} sm={8} md={5} style={{ textAlign: 'center' }}>
          <ScoreDial score={s.score} size={112} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
            {t('credit.public.scoreHint')}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} sm={16} md={19}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'uscc', label: t('org.uscc'), children: <span className="hash">{s.uscc ?? t('common.none')}</span> },
              {
                key: 'region',
                label: t('org.region'),
                children: <span data-testid="credit-region">{regionLabel(s.regionCode, s.regionName)}</span>,
              },
              { key: 'sizeClass', label: t('org.sizeClass'), children: size ? t(`sizeClass.${size}`) : t('common.none') },
            ]}
          />
          <Typography.Title level={5} style={{ margin: '8px 0' }}>
            {t('credit.public.exclusionsInForce')}
          </Typography.Title>
          {s.exclusions.length > 0 ? (
            <Flex vertical gap={8}>
              {s.exclusions.map((x) => (
                <ExclusionBlock key={x.id} x={x} />
              ))}
            </Flex>
          ) : (
            <Typography.Paragraph type="secondary">{t('credit.public.noExclusions')}</Typography.Paragraph>
          )}
          <Typography.Title level={5} style={{ margin: '12px 0 8px' }}>
            {t('credit.public.record')}
          </Typography.Title>
          <Table<PublicRecordItem>
            rowKey={(r, i) => `${r.occurredAt}-${i}`}
            size="small"
            columns={columns}
            dataSource={s.record}
            pagination={s.record.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <EmptyState title={t('credit.public.noRecord')} hint={t('credit.public.noRecordHint')} /> }}
          />
        </Col>
      </Row>
    </Card>
  );
}

interface SearchForm {
  q: string;
}

/** 信用查询: anyone looks a supplier up by USCC or name; what they see is public, evidence is not. */
export default function PublicCreditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const valid = q.length >= 2;
  const lookup = usePublicCredit(valid ? q : undefined);
  const [form] = Form.useForm<SearchForm>();

  // Back and forward move through searches: the box follows the URL.
  useEffect(() => form.setFieldsValue({ q }), [form, q]);

  let body: React.ReactNode;
  if (!valid) body = <EmptyState title={t('credit.public.startTitle')} hint={t('credit.public.startHint')} />;
  else if (lookup.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (lookup.isError) body = <LoadError error={lookup.error} onRetry={() => void lookup.refetch()} />;
  else if (lookup.data.results.length === 0)
    body = <EmptyState title={t('credit.public.noneTitle', { q })} hint={t('credit.public.noneHint')} />;
  else
    body = (
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('credit.public.count', { n: lookup.data.results.length })}</Typography.Text>
        {lookup.data.results.map((s) => (
          <SupplierResult key={s.id} s={s} />
        ))}
      </Flex>
    );

  return (
    <>
      <section className="home-hero">
        <div className="home-hero-inner">
          <h1>
            <SafetyCertificateOutlined /> {t('credit.public.title')}
          </h1>
          <p>{t('credit.public.subtitle')}</p>
          <Form form={form} className="home-search" initialValues={{ q }} onFinish={(values) => setParams({ q: values.q.trim() })}>
            <Form.Item name="q" rules={[zodRule(lookupQuery.shape.q, t('credit.public.searchLabel'), t)]} style={{ marginBottom: 0 }}>
              <Input.Search
                size="large"
                allowClear
                placeholder={t('credit.public.placeholder')}
                aria-label={t('credit.public.searchLabel')}
                enterButton={t('common.search')}
                loading={valid && lookup.isFetching}
                onSearch={() => form.submit()}
              />
            </Form.Item>
          </Form>
          <span className="home-search-hint">
            <EyeInvisibleOutlined /> {t('credit.public.evidenceNote')}
          </span>
        </div>
      </section>
      <div className="app-content">
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('credit.public.rule')} />
        {body}
      </div>
    </>
  );
}
