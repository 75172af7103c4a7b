import { Button, Empty, Result, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiProblem, networkStatus } from '../api.ts';

/** What to tell a person about a failed call, in their language where the server did not say. */
export function problemText(error: unknown, t: TFunction): string {
  if (isApiProblem(error)) {
    if (error.status === networkStatus) return t('errors.network');
    return error.detail ?? error.title;
  }
  return t('errors.unexpected');
}

/**
 * The problem in words for a message or an alert outside a form: the server's field messages when it
 * named any (they are written for people; a rule's detail may be a terse internal summary), else the detail.
 */
export function problemSummary(error: unknown, t: TFunction): string {
  if (isApiProblem(error) && error.errors?.length) return [...new Set(error.errors.map((e) => e.message))].join('；');
  return problemText(error, t);
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const requestId = isApiProblem(error) ? error.requestId : undefined;
  return (
    <Result
      status="warning"
      title={t('errors.loadFailed')}
      subTitle={
        <>
          {problemText(error, t)}
          {requestId ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {requestId}
            </Typography.Text>
          ) : null}
        </>
      }
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}

export function EmptyState({ title, hint }: { title: string; hint?: string }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <>
          <Typography.Text strong>{title}</Typography.Text>
          {hint ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {hint}
            </Typography.Paragraph>
          ) : null}
        </>
      }
    />
  );
}

export function Forbidden({ homePath }: { homePath: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbidden')}
      extra={
        <Link to={homePath}>
          <Button type="primary">{t('errors.backWorkbench')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
    />
  );
}
