import { RadarChartOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert as Notice, App, Badge, Button, Card, Input, Progress, Select, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ExportButtons } from '../../app/components/ExportButtons.tsx';
import { PageTitle } from '../../app/components/PageTitle.tsx';
import { tablePagination } from '../../app/components/pagination.ts';
import { EmptyState, LoadError, problemSummary } from '../../app/components/states.tsx';
import { useFormat } from '../../app/format.ts';
import { useListParams } from '../../app/listParams.ts';
import { alertsPath, useAlerts, useAssignees, useRules, useScan, type Alert, type Rule } from './api.ts';
import { AlertDrawer } from './AlertDrawer.tsx';
import { subjectPath } from './Evidence.tsx';
import { AlertSeverityTag, AlertStatusTag, ResolutionTag, ruleName } from './parts.tsx';
import { alertSeverities, alertStatuses, riskRules } from './schema.ts';
import { useServerText } from '../../app/serverText.ts';

const filterKeys = ['status', 'rule', 'severity', 'assignee', 'q'] as const;
const slowScanMs = 120_000;

interface Scan {
  queued: string[];
  /** Each rule's lastRunAt before the scan: a rule is done when it changes. */
  before: Record<string, string | null>;
  slow: boolean;
}

/** 立即扫描 and its progress, read from the rules' lastRunAt while the jobs run in the background. */
function useScanProgress(rules: Rule[] | undefined) {
  const [scan, setScan] = useState<Scan | null>(null);
  const done = scan ? scan.queued.filter((rule) => rules?.find((r) => r.rule === rule)?.lastRunAt !== scan.before[rule]).length : 0;
  const finished = !!scan && done >= scan.queued.length;
  /** `current`: the rules read just before the scan was asked for, so a rule that finishes fast still counts. */
  const start = (queued: string[], current: Rule[]) => {
    const before = Object.fromEntries(current.map((r) => [r.rule, r.lastRunAt]));
    setScan({ queued, before, slow: false });
    window.setTimeout(() => setScan((s) => (s && s.queued === queued ? { ...s, slow: true } : s)), slowScanMs);
  };
  return { scan, done, finished, running: !!scan && !finished && !scan.slow, start, dismiss: () => setScan(null) };
}

function ScanButton({ rules, progress }: { rules: ReturnType<typeof useRules>; progress: ReturnType<typeof useScanProgress> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const scan = useScan();
  const [reading, setReading] = useState(false);
  const failed = (error: unknown) => void message.error(`${t('risk.scan.failed')}${t('common.colon')}${problemSummary(error, t)}`);
  const run = async () => {
    setReading(true);
    const current = await rules.refetch().finally(() => setReading(false));
    if (!current.data) return failed(current.error);
    scan.mutate(undefined, { onSuccess: (answer) => progress.start(answer.queued, current.data), onError: failed });
  };
  return (
    <Button
      type="primary"
      icon={<RadarChartOutlined />}
      loading={reading || scan.isPending || progress.running}
      disabled={!rules.data}
      data-testid="scan-button"
      onClick={() => void run()}
    >
      {t('risk.scan.button')}
    </Button>
  );
}

function ScanStatus({ progress, openCount }: { progress: ReturnType<typeof useScanProgress>; openCount: number }) {
  const { t } = useTranslation();
  const { scan, done, finished } = progress;
  if (!scan) return null;
  const total = scan.queued.length;
  if (finished) {
    return (
      <Notice
        type="success"
        showIcon
        closable={{ onClose: progress.dismiss }}
        title={t('risk.scan.done', { total, open: openCount })}
        style={{ marginBottom: 12 }}
        data-testid="scan-done"
      />
    );
  }
  if (scan.slow)
    return (
      <Notice type="warning" showIcon closable={{ onClose: progress.dismiss }} title={t('risk.scan.slow')} style={{ marginBottom: 12 }} />
    );
  return (
    <Notice
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="scan-progress"
      title={t('risk.scan.running', { done, total })}
      description={
        <>
          <Progress
            percent={total ? Math.round((done / total) * 100) : 0}
            size="small"
            status="active"
            aria-label={t('risk.scan.running', { done, total })}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('risk.scan.runningHint')}
          </Typography.Text>
        </>
      }
    />
  );
}

function RulesPanel({ rules, onShow }: { rules: ReturnType<typeof useRules>; onShow: (rule: string) => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<Rule> = [
    {
      key: 'rule',
      title: t('risk.rules.rule'),
      render: (_: unknown, r) => <Typography.Text strong>{i18n.language === 'en' ? r.nameEn : r.name}</Typography.Text>,
    },
    {
      key: 'description',
      dataIndex: 'description',
      title: t('risk.rules.description'),
      render: (v: string) => <div style={{ minWidth: 240, maxWidth: 420, whiteSpace: 'normal' }}>{v}</div>,
    },
    {
      key: 'severity',
      dataIndex: 'severity',
      title: t('risk.rules.severity'),
      render: (s: Rule['severity']) => <AlertSeverityTag severity={s} />,
    },
    {
      key: 'open',
      dataIndex: 'openCount',
      title: t('risk.rules.open'),
      align: 'right',
      render: (n: number, r) =>
        n > 0 ? (
          <Button type="link" size="small" onClick={() => onShow(r.rule)} style={{ padding: 0 }}>
            <Badge count={n} overflowCount={999} color={n ? '#ad4e00' : undefined} />
          </Button>
        ) : (
          0
        ),
    },
    { key: 'total', dataIndex: 'totalCount', title: t('risk.rules.total'), align: 'right' },
    {
      key: 'lastRunAt',
      dataIndex: 'lastRunAt',
      title: t('risk.rules.lastRunAt'),
      render: (v: string | null, r) =>
        v ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            {format.dateTime(v)}
            {r.lastRunStatus && r.lastRunStatus !== 'completed' ? (
              // A run cut short (more findings than its budget, or out of time) says so, with the reason.
              <Tooltip title={r.lastRunNote}>
                <Tag
                  color={r.lastRunStatus === 'truncated' ? 'orange' : 'red'}
                  style={{ marginInlineStart: 8 }}
                  data-testid={`run-status-${r.rule}`}
                >
                  {t(`risk.rules.runStatus.${r.lastRunStatus}`)}
                </Tag>
              </Tooltip>
            ) : null}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('risk.rules.never')}</Typography.Text>
        ),
    },
  ];
  if (rules.isError && !rules.data) return <LoadError error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Table<Rule>
      rowKey="rule"
      size="small"
      columns={columns}
      dataSource={rules.data ?? []}
      loading={rules.isPending}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="rules-table"
    />
  );
}

/**
 * 风险提醒: the regulator's inbox of alerts the monitoring rules found, filtered in the URL, each opened
 * in a drawer (also in the URL, ?alert=<id>) to assign, comment, close or reopen; the rules with their
 * counts and last run, and 立即扫描 to run them all now.
 */
export default function AlertsPage() {
  const { t, i18n } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const client = useQueryClient();
  const list = useListParams(filterKeys);
  const [params, setParams] = useSearchParams();
  const [tab, setTab] = useState('inbox');
  const openId = params.get('alert') ?? undefined;
  const filters = list.filters;
  const alerts = useAlerts({ page: list.page, pageSize: list.pageSize, ...filters });
  const [polling, setPolling] = useState(false);
  const rules = useRules(polling);
  const progress = useScanProgress(rules.data);
  const assignees = useAssignees();
  const openCount = (rules.data ?? []).reduce((n, r) => n + r.openCount, 0);

  // Poll the rules while the scan runs; the inbox follows each rule that finishes.
  if (polling !== progress.running) setPolling(progress.running);
  useEffect(() => {
    if (progress.done > 0) void client.invalidateQueries({ queryKey: ['risk', 'alerts'] });
  }, [progress.done, client]);

  const open = (id: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('alert', id);
      else next.delete('alert');
      return next;
    });

  const columns: TableColumnsType<Alert> = [
    {
      key: 'severity',
      dataIndex: 'severity',
      title: t('risk.list.severity'),
      render: (s: Alert['severity']) => <AlertSeverityTag severity={s} />,
    },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('risk.list.title'),
      render: (title: string, a) => (
        <Button
          type="link"
          onClick={() => open(a.id)}
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start', maxWidth: 320 }}
          data-testid="alert-link"
        >
          {words(title)}
        </Button>
      ),
    },
    { key: 'rule', dataIndex: 'rule', title: t('risk.list.rule'), render: (r: Alert['rule']) => ruleName(r, rules.data, i18n.language) },
    {
      key: 'subject',
      title: t('risk.list.subject'),
      render: (_: unknown, a) => {
        const path = subjectPath(a.subjectKind, a.subjectId);
        return (
          <span style={{ display: 'inline-block', maxWidth: 220, whiteSpace: 'normal' }}>
            {path ? <Link to={path}>{a.subjectLabel}</Link> : a.subjectLabel}
          </span>
        );
      },
    },
    {
      key: 'organization',
      dataIndex: 'organizationName',
      title: t('risk.list.organization'),
      responsive: ['lg'],
      render: (v: string | null) => (
        <span style={{ display: 'inline-block', maxWidth: 200, whiteSpace: 'normal' }}>{v ?? t('common.none')}</span>
      ),
    },
    {
      key: 'assignee',
      dataIndex: 'assigneeName',
      title: t('risk.list.assignee'),
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('risk.list.unassigned')}</Typography.Text>,
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('risk.list.status'),
      render: (s: Alert['status'], a) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <AlertStatusTag status={s} />
          {a.resolution ? <ResolutionTag resolution={a.resolution} /> : null}
        </span>
      ),
    },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('risk.list.createdAt'),
      responsive: ['md'],
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(v)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      // Kept in view when the wide table scrolls (it was cut off at 1440 px).
      fixed: 'right',
      render: (_: unknown, a) => (
        <Button size="small" type={a.status === 'closed' ? 'default' : 'primary'} onClick={() => open(a.id)}>
          {a.status === 'closed' ? t('common.details') : t('risk.list.handle')}
        </Button>
      ),
    },
  ];

  const filtered = Object.values(filters).some(Boolean);
  const inbox = (
    <>
      <div className="table-filters" data-testid="alert-filters">
        <Select
          allowClear
          placeholder={t('risk.filters.status')}
          value={filters.status}
          onChange={(v: string | undefined) => list.setFilter('status', v)}
          options={alertStatuses.map((s) => ({ value: s, label: t(`risk.status.${s}`) }))}
          aria-label={t('risk.list.status')}
        />
        <Select
          allowClear
          placeholder={t('risk.filters.rule')}
          value={filters.rule}
          onChange={(v: string | undefined) => list.setFilter('rule', v)}
          options={riskRules.map((r) => ({ value: r, label: ruleName(r, rules.data, i18n.language) }))}
          aria-label={t('risk.list.rule')}
        />
        <Select
          allowClear
          placeholder={t('risk.filters.severity')}
          value={filters.severity}
          onChange={(v: string | undefined) => list.setFilter('severity', v)}
          options={alertSeverities.map((s) => ({ value: s, label: t(`risk.severity.${s}`) }))}
          aria-label={t('risk.list.severity')}
        />
        <Select
          allowClear
          placeholder={t('risk.filters.assignee')}
          value={filters.assignee}
          onChange={(v: string | undefined) => list.setFilter('assignee', v)}
          options={[
            { value: 'me', label: t('risk.filters.mine') },
            ...(assignees.data ?? []).map((a) => ({ value: a.id, label: a.displayName })),
          ]}
          aria-label={t('risk.list.assignee')}
          data-testid="assignee-filter"
        />
        <Input.Search
          key={filters.q ?? ''}
          allowClear
          defaultValue={filters.q}
          maxLength={50}
          placeholder={t('risk.filters.search')}
          onSearch={(v) => list.setFilter('q', v.trim() || undefined)}
          enterButton={t('common.search')}
        />
        <ExportButtons path={alertsPath} filters={filters} filename={t('risk.title')} testId="alerts-export" />
      </div>
      {alerts.isError && !alerts.data ? (
        <LoadError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : (
        <Table<Alert>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={alerts.data?.items ?? []}
          loading={alerts.isFetching}
          rowClassName={(a) => (a.status === 'open' ? 'row-todo' : '')}
          pagination={tablePagination(list, alerts.data?.total, t)}
          scroll={{ x: 'max-content' }}
          data-testid="alerts-table"
          locale={{
            emptyText: alerts.isPending ? (
              ' '
            ) : filtered ? (
              <EmptyState title={t('risk.list.emptyFiltered')} hint={t('risk.list.emptyFilteredHint')} />
            ) : (
              <EmptyState title={t('risk.list.empty')} hint={t('risk.list.emptyHint')} />
            ),
          }}
        />
      )}
    </>
  );

  return (
    <>
      <PageTitle extra={<ScanButton rules={rules} progress={progress} />}>{t('risk.title')}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('risk.intro')}
      </Typography.Paragraph>
      <ScanStatus progress={progress} openCount={openCount} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'inbox', label: t('risk.tabs.inbox'), children: inbox },
            {
              key: 'rules',
              label: t('risk.tabs.rules'),
              children: (
                <RulesPanel
                  rules={rules}
                  onShow={(rule) => {
                    list.setFilter('rule', rule);
                    setTab('inbox');
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      <AlertDrawer alertId={openId} rules={rules.data} onClose={() => open(undefined)} />
    </>
  );
}
