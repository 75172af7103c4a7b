import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { uuidIn } from '../../db/columns.ts';
import {
  bidFiles,
  bids,
  organizations,
  procurementMethods,
  tenderClarifications,
  tenderDocumentFiles,
  tenders,
} from '../../db/schema/index.ts';
import { inTransaction } from '../../db/tx.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { shanghaiDateTime } from '../../platform/calendar.ts';
import { dbNow } from '../../platform/clock.ts';
import { ConflictError, NotFoundError, RuleViolationError } from '../../platform/errors.ts';
import { checkPdf, isPdf } from '../../platform/file-checks.ts';
import type { Sealer } from '../../platform/seal.ts';
import type { FileStore } from '../../platform/storage.ts';
import { actorOf, type TendersDeps } from './tenders.context.ts';
import { changeDocuments } from './tenders.amend.ts';
import { recordReleases } from '../ocds/ocds.store.ts';
import { readableTender, readsAsExpert } from './tenders.access.ts';
import { tenderStatusLabels } from './tenders.rules.ts';

const DOCUMENTS = 'tender-documents';
const SEALED = 'bid-files-sealed';
const OPENED = 'bid-files';
/** At most this many files per bid (技术、商务、资格证明…). */
export const MAX_BID_FILES = 10;

/** A PDF checked to its end, refused (422) on `file` otherwise: tender and bid files are PDFs. */
function acceptPdf(content: Buffer) {
  if (!isPdf(content)) throw new RuleViolationError('not a PDF', { fields: [{ field: 'file', message: '仅支持 PDF 文件', in: 'body' }] });
  checkPdf(content, 'file');
  return content;
}

const sealAad = (t: { id: string }, b: { lotId: string; supplierId: string }, fileId: string) =>
  `${t.id}:${b.lotId}:${b.supplierId}:file:${fileId}`;

/**
 * 投标文件 of the bids the opening opens: each decrypted with the tender's key (unwrapped by the caller, which
 * got it only past the deadline) and stored in clear beside its ciphertext, in the opening's transaction. A
 * file that does not decrypt throws, and the opening rolls back with it, as for a bid.
 */
export async function openBidFiles(
  tx: Tx,
  deps: { sealer: Sealer; files: FileStore },
  tenderId: string,
  wrappedKey: string,
  bidIds: string[],
) {
  if (bidIds.length === 0) return 0;
  const rows = await tx
    .select()
    .from(bidFiles)
    .where(and(eq(bidFiles.tenderId, tenderId), uuidIn(bidFiles.bidId, bidIds)));
  if (rows.length === 0) return 0;
  const open = await deps.sealer.opener(wrappedKey);
  const now = await dbNow(tx);
  for (const f of rows) {
    const sealed = (await deps.files.read(SEALED, f.sealedSha256, tx)).toString('utf8');
    const content = Buffer.from(open(sealed, sealAad({ id: tenderId }, f, f.id)), 'base64');
    const stored = await deps.files.put(OPENED, content, tx);
    await tx.update(bidFiles).set({ openedSha256: stored.sha256, openedAt: now }).where(eq(bidFiles.id, f.id));
  }
  return rows.length;
}

/** 招标文件 (uploaded PDF versions), sealed 投标文件 and their downloads, each recorded in the audit log. */
export function createTenderFiles(deps: TendersDeps & { files: FileStore }) {
  const { db, sealer, files } = deps;

  const documentDto = (f: typeof tenderDocumentFiles.$inferSelect) => ({
    id: f.id,
    version: f.version,
    filename: f.filename,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    note: f.note,
    uploadedAt: f.createdAt.toISOString(),
    url: `/api/tenders/${f.tenderId}/document-files/${f.version}`,
  });

  /** The documents as published (any version) to anyone; a draft's only to the center that runs it. */
  async function visibleTender(tx: DbOrTx, auth: AuthContext | null, id: string) {
    const t = await readableTender(tx, auth, id);
    if (!t || (t.status === 'draft' && t.centerOrgId !== auth?.orgId)) throw new NotFoundError('tender not found');
    return t;
  }

  async function listDocuments(auth: AuthContext | null, id: string) {
    await visibleTender(db, auth, id);
    const rows = await db
      .select()
      .from(tenderDocumentFiles)
      .where(eq(tenderDocumentFiles.tenderId, id))
      .orderBy(asc(tenderDocumentFiles.version));
    return rows.map(documentDto);
  }

  /**
   * A new version of the 招标文件 (PDF). Before publication it only adds a version; while bidding it is a
   * 修改招标文件: the documents' version is raised, bids in are invalidated, the deadline may move, and an
   * amendment is recorded among the clarifications — all in this one transaction.
   */
  async function uploadDocument(auth: AuthContext, id: string, file: { filename: string; content: Buffer }, note = '') {
    const content = acceptPdf(file.content);
    return inTransaction(db, async (tx, afterCommit) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('update');
      if (!t || t.centerOrgId !== auth.orgId) throw new NotFoundError('tender not found');
      if (t.status !== 'draft' && t.status !== 'bidding')
        throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不能上传招标文件`);
      const now = await dbNow(tx);
      if (t.status === 'bidding' && now >= t.deadline) throw new ConflictError('投标已截止，不能修改招标文件');
      const [{ last } = { last: 0 }] = await tx
        .select({ last: max(tenderDocumentFiles.version) })
        .from(tenderDocumentFiles)
        .where(eq(tenderDocumentFiles.tenderId, id));
      const version = (last ?? 0) + 1;
      const stored = await files.put(DOCUMENTS, content, tx);
      const [row] = await tx
        .insert(tenderDocumentFiles)
        .values({
          tenderId: id,
          version,
          filename: file.filename,
          sha256: stored.sha256,
          sizeBytes: stored.sizeBytes,
          note,
          uploadedBy: auth.userId,
        })
        .returning();
      let amendment = null;
      if (t.status === 'bidding') {
        const [method] = await tx.select().from(procurementMethods).where(eq(procurementMethods.code, t.methodCode));
        amendment = await changeDocuments(tx, afterCommit, deps, t, {
          now,
          clarificationMinDays: method?.clarificationMinDays ?? 15,
          documents: t.documents,
        });
        await tx.insert(tenderClarifications).values({
          tenderId: id,
          answer: `修改招标文件：上传第 ${version} 版《${file.filename}》${note ? `（${note}）` : ''}`,
          changesDocuments: true,
          deadlineMovedTo: amendment.movedTo,
          invalidatedBids: amendment.invalidated,
          answeredAt: now,
        });
        // The new version amends the published tender: its open-data release (tenderAmendment) goes with it.
        await recordReleases(tx, 'tender', id);
      }
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.document.upload',
        entityType: 'tender',
        entityId: id,
        data: {
          version,
          filename: file.filename,
          sha256: stored.sha256,
          amendment: amendment ? { ...amendment, movedTo: amendment.movedTo?.toISOString() ?? null } : null,
        },
      });
      return documentDto(row!);
    });
  }

  async function downloadDocument(auth: AuthContext, id: string, version: number) {
    return inTransaction(db, async (tx) => {
      const t = await visibleTender(tx, auth, id);
      const [f] = await tx
        .select()
        .from(tenderDocumentFiles)
        .where(and(eq(tenderDocumentFiles.tenderId, id), eq(tenderDocumentFiles.version, version)));
      if (!f) throw new NotFoundError('no such version of the documents');
      const content = await files.read(DOCUMENTS, f.sha256, tx);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.document.download',
        entityType: 'tender',
        entityId: t.id,
        data: { version, filename: f.filename },
      });
      return { filename: f.filename, content };
    });
  }

  /** A 投标文件 (PDF) for the caller's submitted bid on a lot, sealed to the tender's key before it is stored. */
  async function uploadBidFile(auth: AuthContext, id: string, lotId: string, file: { filename: string; content: Buffer }) {
    const content = acceptPdf(file.content);
    return inTransaction(db, async (tx) => {
      const [t] = await tx.select().from(tenders).where(eq(tenders.id, id)).for('share');
      if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
      if (t.status !== 'bidding') throw new ConflictError(`项目当前为「${tenderStatusLabels[t.status]}」，不接受投标文件`);
      if ((await dbNow(tx)) >= t.deadline) throw new ConflictError(`投标已于 ${shanghaiDateTime(t.deadline)}（北京时间）截止`);
      const [bid] = await tx
        .select()
        .from(bids)
        .where(and(eq(bids.tenderId, id), eq(bids.lotId, lotId), eq(bids.supplierId, auth.orgId), eq(bids.status, 'submitted')))
        .for('update');
      if (!bid) throw new ConflictError('请先递交本包的投标，再上传投标文件');
      const already = await tx.select({ id: bidFiles.id }).from(bidFiles).where(eq(bidFiles.bidId, bid.id));
      if (already.length >= MAX_BID_FILES)
        throw new RuleViolationError('too many files', {
          fields: [{ field: 'file', message: `每个投标最多 ${MAX_BID_FILES} 个文件`, in: 'body' }],
        });
      const fileId = randomUUID();
      const contentSha256 = createHash('sha256').update(content).digest('hex');
      const sealed = sealer.seal(t.sealPublicKey, content.toString('base64'), sealAad(t, bid, fileId));
      const stored = await files.put(SEALED, Buffer.from(sealed, 'utf8'), tx);
      const [row] = await tx
        .insert(bidFiles)
        .values({
          id: fileId,
          tenderId: id,
          lotId,
          bidId: bid.id,
          supplierId: auth.orgId,
          filename: file.filename,
          sizeBytes: content.length,
          contentSha256,
          sealedSha256: stored.sha256,
          uploadedBy: auth.userId,
        })
        .returning();
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.bid.file',
        entityType: 'tender',
        entityId: id,
        data: { lotId, fileId, sizeBytes: content.length, sha256: contentSha256 },
      });
      return (await bidFileDtos(tx, [row!]))[0]!;
    });
  }

  async function bidFileDtos(tx: DbOrTx, rows: (typeof bidFiles.$inferSelect)[]) {
    const ids = [...new Set(rows.map((r) => r.supplierId))];
    const names = new Map(
      ids.length
        ? (
            await tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, ids))
          ).map((o) => [o.id, o.name])
        : [],
    );
    return rows.map((f) => ({
      id: f.id,
      lotId: f.lotId,
      bidId: f.bidId,
      supplierId: f.supplierId,
      supplierName: names.get(f.supplierId) ?? '',
      filename: f.filename,
      sizeBytes: f.sizeBytes,
      sha256: f.contentSha256 ?? f.openedSha256,
      uploadedAt: f.createdAt.toISOString(),
      state: f.openedSha256 ? ('opened' as const) : ('sealed' as const),
      url: `/api/tenders/${f.tenderId}/bid-files/${f.id}`,
    }));
  }

  /**
   * Who reads a tender's bid files: the bidder its own (listed at any time, readable only once opened); after
   * the opening, the running center, the purchasing unit and the seated committee every opened bid's. Before
   * the opening nobody reads any (409); other organizations see none (404).
   */
  async function bidFileReader(tx: DbOrTx, auth: AuthContext, id: string) {
    const t = await readableTender(tx, auth, id);
    if (!t || t.status === 'draft') throw new NotFoundError('tender not found');
    const committee = readsAsExpert(auth) || ([t.centerOrgId, t.purchaserOrgId].includes(auth.orgId) && !auth.roles.includes('supplier'));
    return { t, committee };
  }

  async function listBidFiles(auth: AuthContext, id: string) {
    const { t, committee } = await bidFileReader(db, auth, id);
    if (committee && !t.openedAt) throw new ConflictError('开标前投标文件密封，任何人都不能查看');
    const rows = await db
      .select({ f: bidFiles })
      .from(bidFiles)
      .innerJoin(bids, eq(bids.id, bidFiles.bidId))
      .where(
        committee
          ? and(eq(bidFiles.tenderId, id), inArray(bids.status, ['opened', 'rejected']))
          : and(eq(bidFiles.tenderId, id), eq(bidFiles.supplierId, auth.orgId), inArray(bids.status, ['submitted', 'opened', 'rejected'])),
      )
      .orderBy(asc(bidFiles.createdAt));
    return bidFileDtos(
      db,
      rows.map((r) => r.f),
    );
  }

  async function downloadBidFile(auth: AuthContext, id: string, fileId: string) {
    return inTransaction(db, async (tx) => {
      const { t, committee } = await bidFileReader(tx, auth, id);
      const [f] = await tx
        .select()
        .from(bidFiles)
        .where(and(eq(bidFiles.id, fileId), eq(bidFiles.tenderId, id)));
      if (!f || (!committee && f.supplierId !== auth.orgId)) throw new NotFoundError('bid file not found');
      if (!t.openedAt || !f.openedSha256) throw new ConflictError('投标文件已密封，开标后由评标委员会查阅');
      const content = await files.read(OPENED, f.openedSha256, tx);
      await appendAudit(tx, {
        actor: actorOf(auth),
        action: 'tender.bid.file.download',
        entityType: 'tender',
        entityId: id,
        data: { fileId, supplierId: f.supplierId, lotId: f.lotId, filename: f.filename },
      });
      return { filename: f.filename, content };
    });
  }

  return { listDocuments, uploadDocument, downloadDocument, uploadBidFile, listBidFiles, downloadBidFile, bidFileReader };
}

export type TenderFiles = ReturnType<typeof createTenderFiles>;
