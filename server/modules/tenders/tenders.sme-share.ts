import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import { fieldError } from '../../platform/errors.ts';
import type { BidInput } from '../../../contracts/tenders.schemas.ts';
import { smallMicroShareBp, smeShareQualifies, smeStandingOf, type SmeShare } from '../../../contracts/sme-treatment.ts';
import { bp } from '../../../contracts/rates.ts';
import { smePolicy } from '../../../contracts/tenders.policy.ts';
import { smeStatementText } from '../../../contracts/sme-statement.ts';

type Org = typeof organizations.$inferSelect;

/**
 * A bid's consortium or subcontract share (联合体协议 / 分包意向协议, 财库〔2020〕46号第九条), checked at
 * submission against the registered facts before it is sealed: the lot must accept one, every other member
 * must be a supplier registered on the platform (by USCC) other than the bidder, the shares may not
 * exceed the whole, and the small/micro members not related to the bidder must hold the share the policy
 * names (in a consortium the bidder's own share, the rest, counts too) — a share that would earn nothing
 * is refused, as a small/micro declaration the facts do not bear is. Returns the members' facts, the
 * bidder first in a consortium, to seal with the bid (the opening reads them, not today's registry).
 */
export async function smeShareFactsOf(
  tx: DbOrTx,
  bidder: Org,
  share: BidInput['smeShare'],
  lot: { consortiumDeductionRate: string | null },
): Promise<SmeShare | undefined> {
  if (!share) return undefined;
  if (!lot.consortiumDeductionRate) throw fieldError('smeShare', '本包不接受联合体或分包的小微企业份额价格扣除');
  const usccs = share.members.map((m) => m.uscc);
  const found = await tx
    .select()
    .from(organizations)
    .where(and(inArray(organizations.uscc, usccs), eq(organizations.kind, 'supplier')));
  const members = share.members.map((m, i) => {
    const org = found.find((o) => o.uscc === m.uscc);
    if (!org) throw fieldError(`smeShare.members[${i}].uscc`, '该统一社会信用代码未在平台登记为供应商');
    if (org.id === bidder.id) throw fieldError(`smeShare.members[${i}].uscc`, '联合体成员或分包单位不能是投标人自己');
    if (usccs.indexOf(m.uscc) !== i) throw fieldError(`smeShare.members[${i}].uscc`, '同一单位重复填写');
    // 直接控股、管理关系 with the bidder: its share earns no deduction (财库〔2020〕46号第九条).
    const related = (!!bidder.uscc && org.controlledByUscc === bidder.uscc) || (!!org.uscc && bidder.controlledByUscc === org.uscc);
    return { sizeClass: org.sizeClass, smeTreatment: org.smeTreatment, shareBp: bp(m.share), related };
  });
  const others = members.reduce((sum, m) => sum + m.shareBp, 0);
  if (others > 10_000 || (share.kind === 'consortium' && others >= 10_000))
    throw fieldError(
      'smeShare.members',
      share.kind === 'consortium' ? '其他成员的合同份额合计须低于 100%（其余为牵头人的份额）' : '分包份额合计不能超过 100%',
    );
  // In a consortium the bidder is a member too, holding what the others do not.
  const lead = { sizeClass: bidder.sizeClass, smeTreatment: bidder.smeTreatment, shareBp: 10_000 - others, related: false };
  const facts: SmeShare = { kind: share.kind, members: share.kind === 'consortium' ? [lead, ...members] : members };
  if (!smeShareQualifies(facts)) {
    const held = smallMicroShareBp(facts) / 100;
    throw fieldError(
      'smeShare',
      `按登记信息，${share.kind === 'consortium' ? '联合体中' : '分包给'}小微企业（不含与投标人存在直接控股、管理关系的）的合同份额为 ${held}%，低于 ${bp(smePolicy.consortiumShareMin) / 100}%，不能享受价格扣除（财库〔2020〕46号第九条）`,
    );
  }
  return facts;
}

/** A consortium's small/micro declaration holds only when every member is small/micro too. */
export function consortiumDeclarationProblem(share: SmeShare | undefined, declared: boolean): string | null {
  if (!declared || share?.kind !== 'consortium') return null;
  if (share.members.every((m) => smeStandingOf(m).smallOrMicro)) return null;
  return '联合体中有成员按登记信息不是小微企业，联合体不能声明为小微企业（财库〔2020〕46号第九条）；可按联合体份额享受扣除';
}

/**
 * The 中小企业声明函 of a bid (contracts/sme-statement.ts) from the registered facts: the bidder, its
 * consortium members or subcontractors by USCC with their shares, the tender and the lot, dated on the
 * Beijing calendar. Null when the bid declares nothing or the facts bear no declaration.
 */
export async function smeStatementOf(
  tx: DbOrTx,
  input: {
    bidder: Pick<Org, 'name' | 'uscc' | 'sizeClass' | 'smeTreatment'>;
    purchaserName: string;
    tender: { tenderNo: string; title: string; kind: 'goods' | 'services' | 'works' };
  },
  lot: { lotNo: number; name: string },
  bid: Pick<BidInput, 'smeDeclared' | 'smeShare'>,
  date: string,
): Promise<string | null> {
  if (!bid.smeDeclared) return null;
  const usccs = bid.smeShare?.members.map((m) => m.uscc) ?? [];
  const found = usccs.length ? await tx.select().from(organizations).where(inArray(organizations.uscc, usccs)) : [];
  const { bidder, purchaserName, tender } = input;
  return smeStatementText({
    supplier: { name: bidder.name, uscc: bidder.uscc, sizeClass: bidder.sizeClass, smeTreatment: bidder.smeTreatment },
    purchaserName,
    procurementNo: tender.tenderNo,
    title: tender.title,
    kind: tender.kind,
    part: `第 ${lot.lotNo} 包「${lot.name}」`,
    itemName: lot.name,
    date,
    share: bid.smeShare && {
      kind: bid.smeShare.kind,
      members: bid.smeShare.members.flatMap((m) => {
        const org = found.find((o) => o.uscc === m.uscc);
        return org
          ? [{ name: org.name, uscc: m.uscc, sizeClass: org.sizeClass, smeTreatment: org.smeTreatment, shareBp: bp(m.share) }]
          : [];
      }),
    },
  });
}
