import { PictureOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../app/components/StatusTag.tsx';
import { useLanguage } from '../../app/i18n/index.ts';
import { statusColors } from '../../app/theme.ts';
import { useCategories, type Category } from '../public/api.ts';
import type { GreenKind, ListingStatus, SizeKey } from './api.ts';
import { useServerText } from '../../app/serverText.ts';

/**
 * The demo's region codes (GET /api/organizations is for admins only): 000000 is 全国, then provinces
 * and Beijing's districts. A code outside the list shows as itself.
 */
export const regionCodes = [
  '000000',
  '110000',
  '120000',
  '130000',
  '310000',
  '320000',
  '330000',
  '440000',
  '110101',
  '110102',
  '110105',
  '110106',
  '110108',
  '110114',
] as const;
export type RegionCode = (typeof regionCodes)[number];

/** A delivery region's name in the page's language (the catalogue has every code a listing may name; else the code). */
export function useRegionName(): (code: string) => string {
  const { t, i18n } = useTranslation();
  return (code: string) => (i18n.exists(`regions.${code}`) ? t(`regions.${code}` as 'regions.000000') : code);
}

/** Options for a region Select: 全国, the provinces, then Beijing's districts. */
export function useRegionOptions() {
  const { t } = useTranslation();
  const name = useRegionName();
  const option = (code: string) => ({ value: code, label: name(code) });
  return [
    { label: t('catalogue.region.national'), options: [option('000000')] },
    { label: t('catalogue.region.provinces'), options: regionCodes.filter((c) => c.endsWith('0000') && c !== '000000').map(option) },
    {
      label: t('catalogue.region.beijingDistricts'),
      options: regionCodes.filter((c) => c.startsWith('11') && !c.endsWith('0000')).map(option),
    },
  ];
}

/** "北京市、天津市、河北省", cut after `max` with "等 5 个地区". */
export function RegionList({ codes, max = 3 }: { codes: readonly string[]; max?: number }) {
  const { t } = useTranslation();
  const name = useRegionName();
  const separator = t('catalogue.region.separator');
  const names = codes.map(name);
  if (names.length <= max) return <span>{names.join(separator)}</span>;
  return (
    <Tooltip title={names.join(separator)}>
      <span>{t('catalogue.region.more', { names: names.slice(0, max).join(separator), n: names.length })}</span>
    </Tooltip>
  );
}

const greenKinds: readonly GreenKind[] = ['energy_saving', 'environmental_label'];
const greenColors: Record<GreenKind, string> = { energy_saving: 'green', environmental_label: 'cyan' };

/** 节能 / 环境标志: the listing has a valid certificate of that kind (政府绿色采购). */
export function GreenBadges({ green }: { green: readonly string[] }) {
  const { t } = useTranslation();
  const kinds = greenKinds.filter((k) => green.includes(k));
  if (kinds.length === 0) return null;
  return (
    <>
      {kinds.map((k) => (
        <Tag key={k} color={greenColors[k]} icon={<SafetyCertificateOutlined />} data-testid={`badge-${k}`}>
          {t(`catalogue.green.${k}`)}
        </Tag>
      ))}
    </>
  );
}

const sizeKeys: readonly SizeKey[] = ['large', 'medium', 'small', 'micro'];
export const asSize = (value: string): SizeKey | undefined => sizeKeys.find((s) => s === value);

/** 中小企业 (medium) or 小微企业 (small, micro): the SME policy (财库〔2020〕46号) applies; nothing for large. */
export function SmeBadge({ sizeClass }: { sizeClass: string }) {
  const { t } = useTranslation();
  const size = asSize(sizeClass);
  if (size === 'medium') {
    return (
      <Tag color="blue" data-testid="badge-sme">
        {t('catalogue.sme.medium')}
      </Tag>
    );
  }
  if (size === 'small' || size === 'micro') {
    return (
      <Tag color="purple" data-testid="badge-small-micro">
        {t('catalogue.sme.smallMicro')}
      </Tag>
    );
  }
  return null;
}

/** The enterprise size (大型/中型/小型/微型) with its SME badge. */
export function SizeClassTag({ sizeClass }: { sizeClass: string }) {
  const { t } = useTranslation();
  const size = asSize(sizeClass);
  return (
    <Flex gap={4} wrap>
      <Tag style={{ marginInlineEnd: 0 }}>{size ? t(`sizeClass.${size}`) : sizeClass}</Tag>
      <SmeBadge sizeClass={sizeClass} />
    </Flex>
  );
}

const listingStatuses: readonly ListingStatus[] = ['draft', 'submitted', 'active', 'suspended', 'delisted'];

/** A listing's state: 草稿 → 待审核 → 已上架 ⇄ 已暂停 → 已下架, one colour per state everywhere. */
/**
 * In place of the actions on a record another area's center keeps (an agreement it entered, or a listing
 * resting on one): the server refuses them, so they are not offered; the tag says who acts instead.
 */
export function OtherAreaTag({ kind }: { kind: 'listing' | 'agreement' }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`catalogue.otherArea.${kind}Hint`)}>
      <Tag data-testid="other-area">{t('catalogue.otherArea.tag')}</Tag>
    </Tooltip>
  );
}

export function ListingStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = listingStatuses.find((s) => s === status);
  return known ? <Tag color={statusColors[known]}>{t(`catalogue.listingStatus.${known}`)}</Tag> : <Tag>{status}</Tag>;
}

export function AgreementStatusTag({ status }: { status: 'active' | 'ended' }) {
  const { t } = useTranslation();
  return <Tag color={statusColors[status]}>{t(`catalogue.agreements.status.${status}`)}</Tag>;
}

/** 强制采购 / 优先采购 of a category; nothing when it has no green policy. */
export function GreenPolicyTag({ policy }: { policy: string }) {
  return policy === 'mandatory' || policy === 'priority' ? <StatusTag status={policy} /> : null;
}

/** The search answer's name pieces: matched ones in <mark>, all as text (never as HTML). */
export function Highlighted({ pieces }: { pieces: readonly { text: string; match: boolean }[] }) {
  return (
    <>
      {pieces.map((piece, i) =>
        piece.match ? (
          <mark key={i} className="search-mark">
            {piece.text}
          </mark>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )}
    </>
  );
}

/** A price flag (above the category reference price by the review ratio), as a warning. */
export function PriceFlag({ flag }: { flag: string | null }) {
  const words = useServerText();
  if (!flag) return null;
  return (
    <Typography.Text type="warning" style={{ display: 'inline-block', maxWidth: 320, whiteSpace: 'normal' }} data-testid="price-flag">
      <WarningOutlined /> {words(flag)}
    </Typography.Text>
  );
}

/** Categories by code with their names in the current language. */
export function useCategoryIndex() {
  const categories = useCategories();
  const english = useLanguage() === 'en';
  return useMemo(() => {
    const byCode = new Map<string, Category>((categories.data?.items ?? []).map((c) => [c.code, c]));
    const name = (code: string) => {
      const c = byCode.get(code);
      return c ? (english && c.nameEn ? c.nameEn : c.name) : code;
    };
    return { byCode, name, loaded: !!categories.data };
  }, [categories.data, english]);
}

/** "A02010105 便携式计算机" as a tag. */
export function CategoryTag({ code }: { code: string }) {
  const { name } = useCategoryIndex();
  return (
    <Tag style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
      <span className="hash">{code}</span> {name(code)}
    </Tag>
  );
}

export function CategoryTags({ codes }: { codes: readonly string[] }) {
  return (
    <Flex gap={4} wrap>
      {codes.map((code) => (
        <CategoryTag key={code} code={code} />
      ))}
    </Flex>
  );
}

/** Certificates as "节能 CQC2026… 至 2027-11-30"; an expired one is struck through. */
export function CertificateList({
  certificates,
}: {
  certificates: readonly { kind: string; number: string; issuer?: string; validUntil: string; valid?: boolean }[];
}) {
  const { t } = useTranslation();
  if (certificates.length === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {certificates.map((c, i) => {
        const kind = greenKinds.find((k) => k === c.kind);
        return (
          <span key={`${c.number}-${i}`} style={{ whiteSpace: 'nowrap' }}>
            <Tag color={kind ? greenColors[kind] : undefined} style={{ marginInlineEnd: 4 }}>
              {kind ? t(`catalogue.green.${kind}`) : c.kind}
            </Tag>
            <span className="hash" style={c.valid === false ? { textDecoration: 'line-through' } : undefined}>
              {c.number}
            </span>{' '}
            <Typography.Text type={c.valid === false ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {c.valid === false ? t('catalogue.cert.expired', { date: c.validUntil }) : t('catalogue.cert.until', { date: c.validUntil })}
            </Typography.Text>
          </span>
        );
      })}
    </Flex>
  );
}

/** A product's first picture as a square thumbnail (WebP made on upload), or a placeholder of the same size. */
export function ProductThumb({ url, alt, size = 88 }: { url: string | null | undefined; alt: string; size?: number }) {
  return url ? (
    <img src={url} alt={alt} width={size} height={size} loading="lazy" className="product-thumb" data-testid="product-thumb" />
  ) : (
    <div className="product-thumb product-thumb-empty" style={{ width: size, height: size }} aria-hidden>
      <PictureOutlined />
    </div>
  );
}
