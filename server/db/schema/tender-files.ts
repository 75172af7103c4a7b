import { index, integer, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, jicai, utc } from '../columns.ts';
import { organizations, users } from './identity.ts';
import { bids, tenderLots, tenders } from './tenders.ts';

/**
 * 招标文件 as uploaded PDFs, one row per version: the first upload is version 1, each amendment
 * (修改招标文件) a new version; old versions are kept and stay downloadable with their dates.
 */
export const tenderDocumentFiles = jicai.table(
  'tender_document_files',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    version: integer('version').notNull(),
    filename: text('filename').notNull(),
    /** The PDF in stored_files (area tender-documents). */
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    note: text('note').notNull().default(''),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tender_document_files_version_key').on(t.tenderId, t.version)],
);

/**
 * 投标文件 uploaded with a sealed bid: stored only as ciphertext sealed to the tender's key (as the price
 * is) until the opening job opens it; then the opened PDF is stored beside it for the committee.
 */
export const bidFiles = jicai.table(
  'bid_files',
  {
    id: id(),
    tenderId: uuid('tender_id')
      .notNull()
      .references(() => tenders.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => tenderLots.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    supplierId: uuid('supplier_id')
      .notNull()
      .references(() => organizations.id),
    filename: text('filename').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /**
     * SHA-256 of the PDF as the bidder sent it, shown on its receipt so the bidder can check, after the opening,
     * that the file the committee reads is the one it sealed (null for files uploaded before it was recorded).
     */
    contentSha256: text('content_sha256'),
    /** The ciphertext in stored_files (area bid-files-sealed). */
    sealedSha256: text('sealed_sha256').notNull(),
    /** Set by the opening job: the opened PDF in stored_files (area bid-files). */
    openedSha256: text('opened_sha256'),
    openedAt: utc('opened_at'),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('bid_files_tender_idx').on(t.tenderId, t.supplierId), index('bid_files_bid_idx').on(t.bidId)],
);
