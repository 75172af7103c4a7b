import { CheckOutlined, CloseOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Drawer, Flex, Grid, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiProblem } from '../../app/api.ts';
import { Deadline } from '../../app/components/Deadline.tsx';
import { ReasonModal } from '../../app/components/ReasonModal.tsx';
import { problemText } from '../../app/components/states.tsx';
import { SeverityTag, StatusTag } from '../../app/components/StatusTag.tsx';
import { useFormat } from '../../app/format.ts';
import { useDecideEvent, useSupplierRecord, useUploadEvidence, type CreditEvent } from './api.ts';
import { EvidenceLinks } from './parts.tsx';
import { decisionBody } from './schema.ts';
import { AppealsTimeline } from './SupplierRecordView.tsx';
import { useServerText } from '../../app/serverText.ts';

const evidenceTypes = ['application/pdf', 'image/png', 'image/jpeg'];
const evidenceExtensions = /\.(pdf|png|jpe?g)$/i;
const maxEvidenceBytes = 10 * 1024 * 1024;

export type EventsMode = 'regulator' | 'center';

/**
 * One credit event: its facts, evidence (with an upload), appeals, and for the regulator the
 * decision: 确认 (it counts, the appeal window opens) or 撤销 (with any exclusion resting on it).
 */
export function EventDrawer({
  event,
  mode,
  onClose,
  onChanged,
}: {
  event: CreditEvent | null;
  mode: EventsMode;
  onClose: () => void;
  onChanged: (event: CreditEvent) => void;
}) {
  const { t } = useTranslation();
  const words = useServerText();
  const format = useFormat();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [deciding, setDeciding] = useState<'confirm' | 'revoke' | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const decide = useDecideEvent();
  const upload = useUploadEvidence();
  // Evidence files and appeals come with the supplier's record, not with the event list.
  const record = useSupplierRecord(event?.supplierId);
  const full = record.data?.events.find((e) => e.id === event?.id);

  const canDecide = mode === 'regulator';
  const recordPath = event ? `/${mode}/credit/suppliers/${encodeURIComponent(event.supplierId)}` : '';

  const beforeUpload = (file: File) => {
    setUploadError(null);
    if (!evidenceTypes.includes(file.type) && !evidenceExtensions.test(file.name)) {
      setUploadError(t('credit.evidence.wrongType'));
      return Upload.LIST_IGNORE;
    }
    if (file.size > maxEvidenceBytes) {
      setUploadError(t('credit.evidence.tooLarge'));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  return (
    <Drawer
      open={!!event}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      title={event ? t('credit.events.drawerTitle') : null}
      afterOpenChange={(open) => {
        if (!open) setUploadError(null);
      }}
      extra={
        event && canDecide ? (
          <Flex gap={8}>
            {event.status === 'recorded' ? (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding('confirm')}>
                {t('credit.events.confirm')}
              </Button>
            ) : null}
            {event.status === 'recorded' || event.status === 'confirmed' ? (
              <Button danger icon={<CloseOutlined />} onClick={() => setDeciding('revoke')}>
                {t('credit.events.revoke')}
              </Button>
            ) : null}
          </Flex>
        ) : null
      }
    >
      {event ? (
        <>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <StatusTag status={event.status} />
            <Typography.Title level={5} style={{ margin: 0 }}>
              {words(event.title)}
            </Typography.Title>
          </Flex>
          {event.status === 'recorded' ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('credit.events.recordedHint')} />
          ) : null}
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'supplier',
                label: t('credit.events.supplier'),
                children: (
                  <Link to={recordPath}>
                    <FileSearchOutlined /> {event.supplierName ?? record.data?.supplier.name ?? t('credit.events.openRecord')}
                  </Link>
                ),
              },
              { key: 'source', label: t('credit.events.source'), children: t(`credit.source.${event.source}`) },
              {
                key: 'severity',
                label: t('credit.events.severity'),
                children: (
                  <>
                    <SeverityTag severity={event.severity} /> {t('credit.events.pointsLong', { points: event.points })}
                  </>
                ),
              },
              { key: 'occurredAt', label: t('credit.events.occurredAt'), children: format.dateTime(event.occurredAt) },
              { key: 'confirmedAt', label: t('credit.events.confirmedAt'), children: format.dateTime(event.confirmedAt) },
              { key: 'appealDeadline', label: t('credit.events.appealDeadline'), children: <Deadline at={event.appealDeadline} /> },
              { key: 'decisionReason', label: t('credit.events.decisionReason'), children: event.decisionReason ?? t('common.none') },
              { key: 'sourceRef', label: t('credit.events.sourceRef'), children: event.sourceRef ?? t('common.none') },
              {
                key: 'description',
                label: t('credit.events.description'),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{words(event.description)}</span>,
              },
            ]}
          />

          <Divider titlePlacement="start">{t('credit.evidence.title')}</Divider>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('credit.evidence.privacy')}
          </Typography.Paragraph>
          {full ? <EvidenceLinks files={full.evidence} /> : record.isPending ? t('common.loading') : null}
          <div style={{ marginTop: 12 }}>
            <Upload
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              showUploadList={false}
              beforeUpload={beforeUpload}
              customRequest={({ file }) => {
                upload.mutate(
                  { eventId: event.id, file: file as File },
                  {
                    onSuccess: (saved) => void message.success(t('credit.evidence.uploaded', { name: saved.filename })),
                    onError: (error) =>
                      setUploadError(
                        isApiProblem(error) && error.status === 404 && mode === 'center'
                          ? t('credit.evidence.notYours')
                          : (isApiProblem(error) ? error.errors?.map((e) => e.message).join('；') : undefined) || problemText(error, t),
                      ),
                  },
                );
              }}
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending} disabled={upload.isPending}>
                {t('credit.evidence.upload')}
              </Button>
            </Upload>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
              {mode === 'center' ? t('credit.evidence.uploadHintCenter') : t('credit.evidence.uploadHint')}
            </Typography.Text>
            {uploadError ? <Alert type="error" showIcon title={uploadError} style={{ marginTop: 8 }} /> : null}
          </div>

          <Divider titlePlacement="start">{t('credit.appeals.title')}</Divider>
          {full ? <AppealsTimeline event={full} /> : null}

          <ReasonModal
            open={deciding !== null}
            title={deciding === 'confirm' ? t('credit.events.confirmTitle') : t('credit.events.revokeTitle')}
            description={
              <Typography.Text type="secondary">
                {deciding === 'confirm' ? t('credit.events.confirmHint') : t('credit.events.revokeHint')}
              </Typography.Text>
            }
            label={t('credit.events.reason')}
            schema={decisionBody.shape.reason}
            okText={deciding === 'confirm' ? t('credit.events.confirm') : t('credit.events.revoke')}
            danger={deciding === 'revoke'}
            pending={decide.isPending}
            onClose={() => setDeciding(null)}
            onSubmit={(reason, callbacks) => {
              if (!deciding) return;
              decide.mutate(
                { eventId: event.id, decision: deciding, reason },
                {
                  onSuccess: (updated) => {
                    void message.success(deciding === 'confirm' ? t('credit.events.confirmed') : t('credit.events.revoked'));
                    onChanged({ ...updated, ...(event.supplierName ? { supplierName: event.supplierName } : {}) });
                    callbacks.onSuccess();
                  },
                  onError: callbacks.onError,
                },
              );
            }}
          />
        </>
      ) : null}
    </Drawer>
  );
}
