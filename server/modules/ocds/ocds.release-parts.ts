import { uuidIn } from '../../db/columns.ts';
import type { DbOrTx } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import type { Json } from './ocds.merge.ts';
import { partyScaleOf } from '../../../contracts/sme-treatment.ts';

/**
 * What the release builders of every process kind share (ocds.tender-releases.ts, ocds.order-releases.ts,
 * ocds.quotation-releases.ts, ocds.auction-releases.ts): the release's frame, values, parties and
 * classifications.
 */
export type Release = { [k: string]: Json };

/**
 * Where the platform is reached (PUBLIC_URL), for document links inside stored releases, which must be
 * absolute URIs: set once when the open-data service is created at start-up.
 */
let publicBase = 'http://localhost';
export const setPublicBase = (url: string) => {
  publicBase = url.replace(/\/+$/, '');
};
export const publicUrl = (path: string) => `${publicBase}${path}`;

/** An OCDS Value in yuan (fen / 100 is exact to two decimals for any amount the platform holds). */
export const cny = (fen: number) => ({ amount: fen / 100, currency: 'CNY' });
export type Org = {
  id: string;
  name: string;
  uscc: string | null;
  address: string | null;
  regionCode: string;
  sizeClass?: string | null;
  smeTreatment?: string | null;
};

/**
 * The party scale extension's codes for 企业划型 (工信部联企业〔2011〕300号): micro stays micro, small and
 * medium are published as sme (the extension has no "small"; the small/micro price treatment is stated
 * per lot instead), large as large; a prison enterprise or disability welfare unit as sme (partyScaleOf).
 */
const scaleOf = (o: Org) => partyScaleOf({ sizeClass: o.sizeClass ?? null, smeTreatment: o.smeTreatment ?? null });

export const partyId = (o: Org) => (o.uscc ? `CN-SAMR-${o.uscc}` : `jicai-${o.id}`);
export const party = (o: Org, roles: string[]): Json => ({
  id: partyId(o),
  name: o.name,
  ...(o.uscc ? { identifier: { scheme: 'CN-SAMR', id: o.uscc, legalName: o.name } } : {}),
  ...(o.address ? { address: { streetAddress: o.address, region: o.regionCode, countryName: '中国' } } : {}),
  ...(scaleOf(o) ? { details: { scale: scaleOf(o) } } : {}),
  roles,
});
export const ref = (o: Org): Json => ({ id: partyId(o), name: o.name });

export async function orgsById(db: DbOrTx, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({
          id: organizations.id,
          name: organizations.name,
          uscc: organizations.uscc,
          address: organizations.address,
          regionCode: organizations.regionCode,
          sizeClass: organizations.sizeClass,
          smeTreatment: organizations.smeTreatment,
        })
        .from(organizations)
        .where(uuidIn(organizations.id, [...new Set(ids)]))
    : [];
  // By id through a map: an opening names thousands of tenderers, and a scan per name was quadratic.
  const byId = new Map(rows.map((o) => [o.id, o]));
  return (id: string) => {
    const o = byId.get(id);
    if (!o) throw new Error(`organization ${id} missing`);
    return o;
  };
}

export const releaseBase = (ocid: string, id: string, date: Date, tag: string[]): Release => ({
  ocid,
  id: `${ocid}-${id}`,
  date: date.toISOString(),
  tag,
  initiationType: 'tender',
  language: 'zh',
});
/** The 品目 as an OCDS classification: the code and its name in the 政府采购品目分类目录 (the directory's title when the name is unknown). */
export const classification = (code: string, name?: string): Json => ({
  scheme: 'CN-GPC',
  id: code,
  description: name ?? '政府采购品目分类目录',
});
