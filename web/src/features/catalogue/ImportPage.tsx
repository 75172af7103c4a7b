import { CheckCircleOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Spin, Steps, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { useImportFlow, type RowError } from '../../app/importFlow.tsx';
import { formatMoney } from '../../app/format.ts';
import { useImportListings, type ImportReport } from './api.ts';
import { PriceFlag } from './parts.tsx';

type ReportRow = ImportReport['rows'][number];

/** The headers listings.import.ts reads, in the order of the template. */
export const templateHeaders = [
  '品目代码',
  '品牌',
  '型号',
  '价格(元)',
  '库存',
  '配送地区',
  '供货周期(天)',
  '证书类型',
  '证书编号',
  '发证机构',
  '有效期至',
] as const;
const exampleRow = [
  'A02010105',
  '联想',
  'ThinkPad E14-16G512G',
  '6299.00',
  '50',
  '110000;120000;130000',
  '5',
  '节能产品',
  'CQC2026000001',
  '中国质量认证中心',
  '2027-12-31',
];

// The row keys the server names in its errors ("rows[3].price"), in template order.
const rowFields = [
  'categoryCode',
  'brand',
  'model',
  'price',
  'stock',
  'regions',
  'leadTimeDays',
  'certKind',
  'certNumber',
  'certIssuer',
  'certValidUntil',
] as const;
type RowField = (typeof rowFields)[number];

/** The template: UTF-8 with a BOM so Excel opens the Chinese headers, one example row. */
function downloadTemplate() {
  const csv = `\uFEFF${templateHeaders.join(',')}\r\n${exampleRow.join(',')}\r\n`;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = '报价导入模板.csv';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function reportColumns(t: TFunction, imported: boolean): TableColumnsType<ReportRow> {
  return [
    { key: 'row', dataIndex: 'row', title: t('catalogue.import.row'), align: 'right', width: 64 },
    { key: 'product', dataIndex: 'productName', title: t('catalogue.listing.product') },
    {
      key: 'price',
      dataIndex: 'priceFen',
      title: t('catalogue.listing.fields.price'),
      align: 'right',
      render: (v: number) => formatMoney(v),
    },
    {
      key: 'flag',
      dataIndex: 'priceFlag',
      title: t('catalogue.listing.priceFlag'),
      render: (v: string | null) => (v ? <PriceFlag flag={v} /> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
    {
      key: 'status',
      title: t('catalogue.listing.status'),
      render: () => (
        <Typography.Text type="secondary">{imported ? t('catalogue.import.asDraft') : t('catalogue.import.wouldCreate')}</Typography.Text>
      ),
    },
  ];
}

/**
 * 批量导入: listings from CSV or XLSX. A dry run first shows the drafts that would be created; then the
 * import. One bad row refuses the whole file, and the rows with their problems are listed.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const { file, preview, result, refusal, failure, step, working, choose, clear, confirm, errorColumns } = useImportFlow({
    mutation: useImportListings(),
    fields: rowFields,
    keys: 'catalogue.import',
    columnLabel: (field: RowField) => t(`catalogue.import.columns.${field}`),
  });

  return (
    <>
      <PageTitle
        extra={
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
            {t('catalogue.import.template')}
          </Button>
        }
      >
        {t('catalogue.import.pageTitle')}
      </PageTitle>
      <Flex vertical gap={16}>
        <Card>
          <Steps
            size="small"
            current={step}
            style={{ marginBottom: 16 }}
            items={[
              { title: t('catalogue.import.step1'), content: t('catalogue.import.step1Hint') },
              { title: t('catalogue.import.step2'), content: t('catalogue.import.step2Hint') },
              { title: t('catalogue.import.step3'), content: t('catalogue.import.step3Hint') },
            ]}
          />
          <Typography.Paragraph type="secondary">{t('catalogue.import.intro')}</Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 16 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              {
                key: 'headers',
                label: t('catalogue.import.headers'),
                children: (
                  <span className="hash" style={{ overflowWrap: 'anywhere' }}>
                    {templateHeaders.join(',')}
                  </span>
                ),
              },
              { key: 'formats', label: t('catalogue.import.formats'), children: t('catalogue.import.formatsText') },
              { key: 'rule', label: t('catalogue.import.rule'), children: t('catalogue.import.ruleText') },
            ]}
          />
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            multiple={false}
            disabled={working}
            fileList={file ? [{ uid: 'chosen', name: file.name, size: file.size, status: 'done' }] : []}
            beforeUpload={(chosen) => {
              choose(chosen);
              return false;
            }}
            onRemove={clear}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('catalogue.import.drop')}</p>
            <p className="ant-upload-hint">{t('catalogue.import.dropHint')}</p>
          </Upload.Dragger>
          {working ? (
            <Flex gap={12} align="center" style={{ marginTop: 16 }} aria-live="polite">
              <Spin />
              <Typography.Text>{preview ? t('catalogue.import.importing') : t('catalogue.import.checking')}</Typography.Text>
            </Flex>
          ) : null}
          {failure ? <Alert type="error" showIcon style={{ marginTop: 16 }} title={failure} /> : null}
        </Card>

        {refusal ? (
          <Card title={t('catalogue.import.refusedTitle')} data-testid="import-errors">
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('catalogue.import.nothingImported')}
              description={t('catalogue.import.refusedHint', { rows: new Set(refusal.rows.map((r) => r.row)).size })}
            />
            <Table<RowError<RowField>>
              rowKey="key"
              size="small"
              columns={errorColumns}
              dataSource={refusal.rows}
              pagination={refusal.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
            />
          </Card>
        ) : null}

        {preview && !result ? (
          <Card
            title={t('catalogue.import.previewTitle')}
            extra={
              <Button type="primary" icon={<CheckCircleOutlined />} loading={working} disabled={working || !file} onClick={confirm}>
                {t('catalogue.import.confirm')}
              </Button>
            }
          >
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('catalogue.import.previewSummary', {
                rows: preview.rowCount,
                flagged: preview.rows.filter((r) => r.priceFlag).length,
              })}
              description={t('catalogue.import.previewHint')}
            />
            <Table<ReportRow>
              rowKey="row"
              size="small"
              columns={reportColumns(t, false)}
              dataSource={preview.rows}
              pagination={preview.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
            />
          </Card>
        ) : null}

        {result ? (
          <Card>
            <Result
              status="success"
              title={t('catalogue.import.doneTitle')}
              subTitle={t('catalogue.import.doneSummary', { rows: result.rowCount })}
              extra={[
                <Link key="list" to="/supplier/listings?status=draft">
                  <Button type="primary">{t('catalogue.import.toListings')}</Button>
                </Link>,
                <Button key="again" onClick={clear}>
                  {t('catalogue.import.again')}
                </Button>,
              ]}
            />
            <Table<ReportRow>
              rowKey="row"
              size="small"
              columns={reportColumns(t, true)}
              dataSource={result.rows}
              pagination={result.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
            />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
