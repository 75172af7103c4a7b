import { ArrowLeftOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { LoadError, NotFoundPage } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { usePublicTender, type Tender } from '../tenders/api.ts';
import { TenderStatusTag, useMethodName } from '../tenders/parts.tsx';
import { publicReportJsonPath, usePublicEvaluationReport, type EvaluationReport } from './api.ts';
import { challengeWindow, ReportLots } from './parts.tsx';

function ReportSheet({ tender, report }: { tender: Tender; report: EvaluationReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const methodName = useMethodName();
  const { noticeAt, until } = challengeWindow(tender);
  return (
    <div className="report-sheet" data-testid="report-sheet">
      <h1>{t('evaluation.public.heading')}</h1>
      <Typography.Paragraph className="report-subtitle">
        {tender.title}
        <br />
        <span className="hash">{tender.tenderNo}</span>
      </Typography.Paragraph>
      <Flex vertical gap={16}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={[
            { key: 'no', label: t('evaluation.public.tenderNo'), children: <span className="hash">{tender.tenderNo}</span> },
            { key: 'status', label: t('evaluation.public.status'), children: <TenderStatusTag status={report.status} /> },
            { key: 'purchaser', label: t('evaluation.public.purchaser'), children: tender.purchaserName },
            { key: 'center', label: t('evaluation.public.center'), children: tender.centerName },
            { key: 'method', label: t('evaluation.public.method'), children: methodName(tender.methodCode, tender.methodName) },
            { key: 'opened', label: t('evaluation.public.openedAt'), children: format.dateTime(tender.openedAt) },
            { key: 'notice', label: t('evaluation.public.noticeAt'), children: format.dateTime(noticeAt) },
            { key: 'until', label: t('evaluation.public.challengeUntil'), children: format.dateTime(until) },
          ]}
        />
        <ReportLots tender={tender} report={report} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('evaluation.public.footer')}
        </Typography.Paragraph>
      </Flex>
    </div>
  );
}

/** 评标报告 (public, no login, once the award is announced): printable, and as JSON. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const tender = usePublicTender(id);
  const report = usePublicEvaluationReport(id);
  let body: React.ReactNode;
  if (tender.isPending || report.isPending) body = <Skeleton active paragraph={{ rows: 12 }} />;
  else if (tender.isError)
    body =
      isApiProblem(tender.error) && tender.error.status === 404 ? (
        <NotFoundPage />
      ) : (
        <LoadError error={tender.error} onRetry={() => void tender.refetch()} />
      );
  else if (report.isError) body = <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  else if (report.data === null)
    body = (
      <Result
        status="info"
        title={t('evaluation.public.notYet')}
        subTitle={t('evaluation.public.notYetHint')}
        extra={
          <Link to={`/tenders/${encodeURIComponent(tender.data.id)}`}>
            <Button type="primary">{t('evaluation.public.toTender')}</Button>
          </Link>
        }
      />
    );
  else {
    const data = tender.data;
    body = (
      <>
        <Flex wrap gap={8} justify="space-between" className="no-print" style={{ marginBottom: 12 }}>
          <Link to={`/tenders/${encodeURIComponent(data.id)}`}>
            <Button icon={<ArrowLeftOutlined />}>{t('evaluation.public.toTender')}</Button>
          </Link>
          <Flex wrap gap={8}>
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-report">
              {t('evaluation.public.print')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={publicReportJsonPath(data.id)}
              download={`evaluation-report-${data.tenderNo}.json`}
              data-testid="report-json"
            >
              {t('evaluation.public.json')}
            </Button>
          </Flex>
        </Flex>
        <ReportSheet tender={data} report={report.data} />
      </>
    );
  }
  return <div className="app-content">{body}</div>;
}
