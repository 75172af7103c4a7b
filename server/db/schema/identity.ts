import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, jicai, updatedAt, utc } from '../columns.ts';
import { orgKinds, roles, type OrgKind, type Role } from '../../../contracts/enums/identity.ts';

export { orgKinds, type OrgKind };
export const orgKind = jicai.enum('org_kind', orgKinds);

export const adminLevels = ['central', 'provincial', 'municipal', 'county'] as const;
export const adminLevel = jicai.enum('admin_level', adminLevels);

/** 工信部联企业〔2011〕300号 size classes. */
export const sizeClasses = ['large', 'medium', 'small', 'micro'] as const;
export type SizeClass = (typeof sizeClasses)[number];
export const sizeClass = jicai.enum('size_class', sizeClasses);

export { roles, type Role };

/**
 * GB/T 2260 administrative divisions the platform serves: level 0 the central level ('000000'), 1 province,
 * 2 city (prefecture), 3 district/county. Versioned by date: a code in force from `valid_from` until
 * `valid_to` (inclusive; null while in force); a retired code keeps its row, since old licences and records
 * still carry it, and names its successor.
 */
export const regions = jicai.table(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    level: integer('level').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull().default('1980-01-01'),
    validTo: date('valid_to', { mode: 'string' }),
    successorCode: text('successor_code'),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);

export const organizations = jicai.table(
  'organizations',
  {
    id: id(),
    kind: orgKind('kind').notNull(),
    name: text('name').notNull(),
    /** 统一社会信用代码, GB 32100-2015; required for suppliers. */
    uscc: text('uscc'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    adminLevel: adminLevel('admin_level'),
    /** 机关 / 事业单位 / 团体组织 for purchasing units. */
    unitType: text('unit_type'),
    sizeClass: sizeClass('size_class'),
    industry: text('industry'),
    /** Prison enterprises and disability welfare units count as small/micro (财库〔2020〕46号). */
    smeTreatment: text('sme_treatment'),
    legalRepresentative: text('legal_representative'),
    /**
     * 统一社会信用代码 of the organization that directly holds a controlling stake in or manages this one:
     * suppliers with a direct control or management relationship may not bid in the same lot
     * (政府采购法实施条例 第十八条).
     */
    controlledByUscc: text('controlled_by_uscc'),
    address: text('address'),
    phone: text('phone'),
    /** Orders above this need a purchaser approver. */
    approvalThresholdFen: fen('approval_threshold_fen'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('organizations_uscc_key').on(t.uscc),
    index('organizations_kind_idx').on(t.kind),
    check('organizations_supplier_fields', sql`${t.kind} <> 'supplier' or (${t.uscc} is not null and ${t.sizeClass} is not null)`),
  ],
);

export const users = jicai.table(
  'users',
  {
    id: id(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull(),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    locale: text('locale', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    phone: text('phone'),
    email: text('email'),
    lastLoginAt: utc('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`), index('users_org_idx').on(t.organizationId)],
);

export const sessions = jicai.table(
  'sessions',
  {
    /** sha256 of the cookie token: a database dump does not hand out live sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    // Sessions live on the machine's real time (auth.service.ts): a virtual clock moving must not log anyone out.
    lastSeenAt: utc('last_seen_at').notNull().defaultNow(),
    expiresAt: utc('expires_at').notNull(),
    revokedAt: utc('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const loginAttempts = jicai.table(
  'login_attempts',
  {
    id: id(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    attemptedAt: createdAt(),
  },
  (t) => [index('login_attempts_user_idx').on(t.username, t.attemptedAt), index('login_attempts_ip_idx').on(t.ip, t.attemptedAt)],
);

/**
 * Rate-limit counters when no Redis is configured: one row per key, counted by one upsert so concurrent
 * requests cannot all pass the check. Expired rows are reset in place by the next hit and purged by the
 * maintenance job.
 */
export const rateLimits = jicai.table(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    expiresAt: utc('expires_at').notNull(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);
