import { DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { platformTimeZone } from '../../app/format.ts';
import type { StatusKey } from '../../app/theme.ts';
import { evidenceUrl, type EvidenceFile, type ListType } from './api.ts';

/** Today's date in Beijing, "2026-11-30": exclusions start and end on Beijing calendar days. */
export function beijingToday(): string {
  return dayjs().tz(platformTimeZone).format('YYYY-MM-DD');
}

export type ExclusionState = 'inForce' | 'scheduled' | 'expired' | 'lifted';

/** What an exclusion means today: in force, not yet started, run out, or lifted early. */
export function exclusionState(
  x: { status: 'active' | 'lifted'; startsOn: string; endsOn: string | null },
  today = beijingToday(),
): ExclusionState {
  if (x.status === 'lifted') return 'lifted';
  if (x.startsOn > today) return 'scheduled';
  if (x.endsOn !== null && x.endsOn < today) return 'expired';
  return 'inForce';
}

const appealStatuses = ['pending', 'upheld', 'revoked'] as const;

/** An appeal's status (the record view types it as a plain string). */
export function AppealStatusTag({ status }: { status: string }) {
  const known = appealStatuses.find((s) => s === status);
  return known ? <StatusTag status={known satisfies StatusKey} /> : <Tag>{status}</Tag>;
}

/** The list a supplier is on, in red; the long official names wrap instead of overflowing a phone. */
export function ListTypeTag({ listType }: { listType: ListType }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" style={{ whiteSpace: 'normal', height: 'auto', marginInlineEnd: 0 }}>
      {t(`credit.listType.${listType}`)}
    </Tag>
  );
}

/** "全国" for a national listing, otherwise the region code it is limited to. */
export function RegionScope({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  if (code === '') return <>{t('credit.exclusions.national')}</>;
  // The region's name where the catalogue has it (every province, the districts the platform serves), with its code.
  return <>{i18n.exists(`regions.${code}`) ? `${t(`regions.${code}` as 'regions.000000')} (${code})` : code}</>;
}

/** "2026-01-01 至 2026-12-31", or "至 长期" for a listing without an end. */
export function ExclusionPeriod({ startsOn, endsOn }: { startsOn: string; endsOn: string | null }) {
  const { t } = useTranslation();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {t('credit.exclusions.period', { start: startsOn, end: endsOn ?? t('credit.exclusions.openEnded') })}
    </span>
  );
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Evidence files as download links (GET /api/credit/evidence/{id}: the supplier, the recorder, the regulator). */
export function EvidenceLinks({ files }: { files: EvidenceFile[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return <Typography.Text type="secondary">{t('credit.evidence.none')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {files.map((f) => (
        <a key={f.id} href={evidenceUrl(f.id)} download={f.filename} title={t('credit.evidence.download')}>
          <PaperClipOutlined /> {f.filename}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            ({fileSize(f.sizeBytes)})
          </Typography.Text>{' '}
          <DownloadOutlined />
        </a>
      ))}
    </Flex>
  );
}

/** Points with a sign and two decimals: "+2.00", "-7.43". */
export function signedPoints(value: number): string {
  const fixed = Math.abs(value).toFixed(2);
  return value > 0 ? `+${fixed}` : value < 0 ? `-${fixed}` : fixed;
}
