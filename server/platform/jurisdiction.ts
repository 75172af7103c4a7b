import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { actsForOrganization, type AuthContext } from './auth.ts';
import { NotFoundError } from './errors.ts';

/**
 * Jurisdiction (#19): who oversees which organizations. Finance departments (regulators) and procurement
 * center staff act for their own region and every region below it in the GB/T 2260 tree; the central level
 * (region '000000') and the platform's operators see all; anyone else sees only its own organization.
 * Every list and read applies this once, in its query, through `inJurisdiction` or `withinJurisdiction`.
 */
export const CENTRAL_REGION = '000000';

/** A caller who reads other organizations' rows in its area: regulators, center staff, the platform's admins. */
export const oversees = (auth: Pick<AuthContext, 'roles'>): boolean =>
  auth.roles.some((role) => role === 'regulator' || role === 'center_staff' || role === 'admin');

/** The central level and the platform see every region. */
export const seesAllRegions = (auth: Pick<AuthContext, 'orgKind' | 'regionCode'>): boolean =>
  auth.orgKind === 'platform' || auth.regionCode === CENTRAL_REGION;

/** The codes of an organization's region and of every region below it (the area it serves), as a sub-select. */
export const orgRegionSubtree = (orgId: SQLWrapper): SQL =>
  sql`(with recursive sub(code) as (select o.region_code from jicai.organizations o where o.id = ${orgId} union all select r.code from jicai.regions r join sub on r.parent_code = sub.code) select code from sub)`;

/** The codes of a region and of every region below it, as a sub-select over the region tree. */
export const regionSubtree = (code: string): SQL =>
  sql`(with recursive sub(code) as (select ${code}::text union all select r.code from jicai.regions r join sub on r.parent_code = sub.code) select code from sub)`;

/** The codes of a region and of every region above it, as a sub-select over the region tree. */
export const regionAncestry = (code: string): SQL =>
  sql`(with recursive up(code, parent) as (select code, parent_code from jicai.regions where code = ${code}::text union all select r.code, r.parent_code from jicai.regions r join up on r.code = up.parent) select code from up)`;

/**
 * A condition on the region column of a rule that applies in an area ('' nationwide): those that reach into
 * the caller's jurisdiction — national, set above it, or set for it or a region below.
 */
export function reachesJurisdiction(auth: Pick<AuthContext, 'orgKind' | 'regionCode'>, regionColumn: SQLWrapper): SQL {
  if (seesAllRegions(auth)) return sql`true`;
  return sql`(${regionColumn} = '' or ${regionColumn} in ${regionSubtree(auth.regionCode)} or ${regionColumn} in ${regionAncestry(auth.regionCode)})`;
}

/** A condition on a region column: the caller's region and below (all for the central level). */
export function regionInJurisdiction(auth: Pick<AuthContext, 'orgKind' | 'regionCode'>, regionColumn: SQLWrapper): SQL {
  if (seesAllRegions(auth)) return sql`true`;
  return sql`${regionColumn} in ${regionSubtree(auth.regionCode)}`;
}

/**
 * A condition on an organization-id column: for oversight, organizations of the caller's region and below
 * (all for the central level); for anyone else, the caller's own organization.
 */
export function inJurisdiction(auth: AuthContext, orgColumn: SQLWrapper): SQL {
  if (!oversees(auth)) return sql`${orgColumn} = ${auth.orgId}`;
  if (seesAllRegions(auth)) return sql`true`;
  return sql`${orgColumn} in (select o.id from jicai.organizations o where o.region_code in ${regionSubtree(auth.regionCode)})`;
}

/**
 * The province-level area (省级行政区: a province, autonomous region or municipality) a region code lies in: its
 * first two digits (GB/T 2260); '00' for the central level and an organization without a region. Public
 * property is reallocated within one such area's warehouse (公物仓), never across provinces.
 */
export const provinceOf = (regionCode: string | null | undefined): string => {
  const p = (regionCode ?? '').slice(0, 2);
  return /^\d\d$/.test(p) ? p : '00';
};

/** provinceOf in SQL, of a region-code column or expression. */
const provinceSql = (regionCode: SQLWrapper): SQL => sql`left(coalesce(${regionCode}, '00'), 2)`;

/** The organizations of one province-level area (provinceOf), as a sub-select of ids. */
export const provinceOrgs = (regionCode: string | null | undefined): SQL =>
  sql`(select o.id from jicai.organizations o where ${provinceSql(sql`o.region_code`)} = ${provinceOf(regionCode)})`;

/** The organizations of the province-level area an organization (an id expression) is in, as a sub-select of ids. */
export const provinceOrgsOf = (orgId: SQLWrapper): SQL =>
  sql`(select o.id from jicai.organizations o where ${provinceSql(sql`o.region_code`)} =
        (select ${provinceSql(sql`p.region_code`)} from jicai.organizations p where p.id = ${orgId}))`;

/** Whether an organization is of the caller's province-level area (the 公物仓 a unit sees and asks from). */
export async function inProvinceOf(db: DbOrTx, auth: Pick<AuthContext, 'regionCode'>, orgId: string): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from jicai.organizations o where o.id = ${orgId}::uuid and o.id in ${provinceOrgs(auth.regionCode)}`,
  );
  return rows.rows.length > 0;
}

/** Whether a region is the caller's or below it (any for the central level). */
export async function regionWithin(db: DbOrTx, auth: AuthContext, code: string): Promise<boolean> {
  if (seesAllRegions(auth)) return true;
  const rows = await db.execute<{ ok: number }>(sql`select 1 as ok where ${code}::text in ${regionSubtree(auth.regionCode)}`);
  return rows.rows.length > 0;
}

/** Whether any of the organizations is the caller's own or, for oversight, in its jurisdiction. */
export async function withinJurisdiction(db: DbOrTx, auth: AuthContext, orgIds: readonly (string | null | undefined)[]): Promise<boolean> {
  const ids = orgIds.filter((id): id is string => typeof id === 'string' && id.length > 0);
  if (ids.includes(auth.orgId) && actsForOrganization(auth)) return true;
  if (!oversees(auth) || ids.length === 0) return false;
  if (seesAllRegions(auth)) return true;
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await db.execute<{ ok: number }>(
    sql`select 1 as ok from jicai.organizations o where o.id in (${list}) and o.region_code in ${regionSubtree(auth.regionCode)} limit 1`,
  );
  return rows.rows.length > 0;
}

/**
 * A region and those above it, nearest first, from the tree (district → city → province), then '' for the
 * national level: the order in which policy overrides and regional exclusions apply.
 */
export async function regionChain(db: DbOrTx, regionCode: string | undefined | null): Promise<string[]> {
  if (!regionCode || regionCode === CENTRAL_REGION) return [''];
  const rows = await db.execute<{ code: string }>(
    sql`with recursive up(code, parent, depth) as (
          select code, parent_code, 0 from jicai.regions where code = ${regionCode}
          union all select r.code, r.parent_code, up.depth + 1 from jicai.regions r join up on r.code = up.parent where up.depth < 8)
        select code from up order by depth`,
  );
  const codes = rows.rows.map((r) => r.code).filter((c) => c !== CENTRAL_REGION);
  return [...(codes.length ? codes : [regionCode]), ''];
}

/**
 * The nearest region above (or equal to) every one of `codes`, from the tree: where a signal about several
 * units belongs. None in common, or none given: the central level.
 */
export async function commonRegion(db: DbOrTx, codes: readonly string[]): Promise<string> {
  const distinct = [...new Set(codes)];
  if (distinct.length === 0) return CENTRAL_REGION;
  // One after the other: `db` may be a transaction's single connection.
  const chains: string[][] = [];
  for (const code of distinct) chains.push(await regionChain(db, code));
  const shared = chains[0]!.find((code) => code !== '' && chains.every((chain) => chain.includes(code)));
  return shared ?? CENTRAL_REGION;
}

/**
 * Where an act happens, for regional rules (exclusions, policy values): the region of the organization the
 * process belongs to — the purchasing unit of a tender, quotation or order, the center of a framework call.
 */
export async function orgRegion(db: DbOrTx, orgId: string | null | undefined): Promise<string | undefined> {
  if (!orgId) return undefined;
  const rows = await db.execute<{ region_code: string }>(sql`select region_code from jicai.organizations where id = ${orgId}::uuid`);
  return rows.rows[0]?.region_code;
}

/** The level a region sits at, for findings: '' national, else the region's name. */
export async function regionName(db: DbOrTx, code: string): Promise<string> {
  if (!code || code === CENTRAL_REGION) return '全国';
  const rows = await db.execute<{ name: string }>(sql`select name from jicai.regions where code = ${code}`);
  return rows.rows[0]?.name ?? code;
}

/**
 * Row scoping by jurisdiction: the caller's own organization (an expert-only user acts for itself, not for
 * it), or, for the oversight roles the route names, an organization of its region or below. Others get
 * 404, which does not confirm that the row exists.
 */
export async function assertInJurisdiction(
  db: DbOrTx,
  auth: AuthContext,
  orgId: string,
  oversight: readonly AuthContext['roles'][number][],
): Promise<void> {
  if (auth.orgId === orgId && actsForOrganization(auth)) return;
  if (oversight.some((role) => auth.roles.includes(role)) && (await withinJurisdiction(db, auth, [orgId]))) return;
  throw new NotFoundError('not found');
}
