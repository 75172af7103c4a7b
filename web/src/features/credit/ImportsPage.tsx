import { CheckCircleOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Spin, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { useImportFlow, type RowError } from '../../app/importFlow.tsx';
import { useImportList, type ImportReport } from './api.ts';
import { ListTypeTag } from './parts.tsx';

type ReportRow = ImportReport['rows'][number];

/** The headers the server reads (credit.import.ts accepts these Chinese names, as 信用中国 exports them). */
export const templateHeaders = ['统一社会信用代码', '名称', '名单类型', '列入日期', '移出日期', '地区', '依据'] as const;

const rowFields = ['uscc', 'name', 'listType', 'startsOn', 'endsOn', 'regionCode', 'legalBasis'] as const;
type RowField = (typeof rowFields)[number];

/** A CSV with the headers only, UTF-8 with a BOM so that Excel opens the Chinese headers correctly. */
function downloadTemplate() {
  const blob = new Blob([`\uFEFF${templateHeaders.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = '信用名单导入模板.csv';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function reportColumns(t: TFunction, imported: boolean): TableColumnsType<ReportRow> {
  return [
    { key: 'row', dataIndex: 'row', title: t('credit.imports.row'), align: 'right', width: 64 },
    { key: 'uscc', dataIndex: 'uscc', title: t('org.uscc'), render: (v: string) => <span className="hash">{v}</span> },
    { key: 'name', dataIndex: 'name', title: t('credit.imports.name') },
    {
      key: 'listType',
      dataIndex: 'listType',
      title: t('credit.exclusions.listType'),
      render: (v: ReportRow['listType']) => (
        <div style={{ maxWidth: 240 }}>
          <ListTypeTag listType={v} />
        </div>
      ),
    },
    {
      key: 'supplier',
      title: t('credit.imports.matched'),
      render: (_: unknown, r) =>
        r.supplierId ? (
          imported ? (
            <Link to={`/regulator/credit/suppliers/${encodeURIComponent(r.supplierId)}`}>{r.supplierName}</Link>
          ) : (
            <Tag color="blue">{r.supplierName}</Tag>
          )
        ) : (
          <Tag>{t('credit.imports.unregistered')}</Tag>
        ),
    },
  ];
}

/**
 * 名单导入: an external list (信用中国 and similar) as CSV or XLSX. First a dry run shows what would be
 * imported and which rows match registered suppliers; then 确认导入. One bad row refuses the whole file.
 */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { file, preview, result, refusal, failure, step, working, choose, clear, confirm, errorColumns } = useImportFlow({
    mutation: useImportList(),
    fields: rowFields,
    keys: 'credit.imports',
    columnLabel: (field: RowField) => t(`credit.imports.columns.${field}`),
  });

  return (
    <>
      <PageTitle
        extra={
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
            {t('credit.imports.template')}
          </Button>
        }
      >
        {t('credit.imports.pageTitle')}
      </PageTitle>
      <Flex vertical gap={16}>
        <Card>
          <Steps
            size="small"
            current={step}
            style={{ marginBottom: 16 }}
            items={[
              { title: t('credit.imports.step1'), content: t('credit.imports.step1Hint') },
              { title: t('credit.imports.step2'), content: t('credit.imports.step2Hint') },
              { title: t('credit.imports.step3'), content: t('credit.imports.step3Hint') },
            ]}
          />
          <Typography.Paragraph type="secondary">{t('credit.imports.intro')}</Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 16 }}
            items={[
              { key: 'headers', label: t('credit.imports.headers'), children: <span className="hash">{templateHeaders.join(',')}</span> },
              { key: 'formats', label: t('credit.imports.formats'), children: t('credit.imports.formatsText') },
              { key: 'rule', label: t('credit.imports.rule'), children: t('credit.imports.ruleText') },
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
            <p className="ant-upload-text">{t('credit.imports.drop')}</p>
            <p className="ant-upload-hint">{t('credit.imports.dropHint')}</p>
          </Upload.Dragger>
          {working ? (
            <Flex gap={12} align="center" style={{ marginTop: 16 }} aria-live="polite">
              <Spin />
              <Typography.Text>{preview ? t('credit.imports.importing') : t('credit.imports.checking')}</Typography.Text>
            </Flex>
          ) : null}
          {failure ? <Alert type="error" showIcon style={{ marginTop: 16 }} title={failure} /> : null}
        </Card>

        {refusal ? (
          <Card title={t('credit.imports.refusedTitle')} data-testid="import-errors">
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('credit.imports.nothingImported')}
              description={t('credit.imports.refusedHint', { rows: new Set(refusal.rows.map((r) => r.row)).size })}
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
            title={t('credit.imports.previewTitle')}
            extra={
              <Button type="primary" icon={<CheckCircleOutlined />} loading={working} disabled={working || !file} onClick={confirm}>
                {t('credit.imports.confirm')}
              </Button>
            }
          >
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('credit.imports.previewSummary', { rows: preview.rowCount, matched: preview.matchedCount })}
              description={t('credit.imports.previewHint')}
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
              title={t('credit.imports.doneTitle')}
              subTitle={t('credit.imports.doneSummary', {
                rows: result.rowCount,
                matched: result.matchedCount,
                unmatched: result.rowCount - result.matchedCount,
              })}
              extra={[
                <Link key="list" to="/regulator/credit/exclusions">
                  <Button type="primary">{t('credit.imports.toExclusions')}</Button>
                </Link>,
                <Button key="again" onClick={clear}>
                  {t('credit.imports.again')}
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
