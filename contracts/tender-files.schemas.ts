import { z } from 'zod';

/** 招标文件 versions (uploaded PDFs) and sealed 投标文件, as the API returns them. */
export const tenderDocumentFileSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  filename: z.string(),
  sizeBytes: z.number().int(),
  /** SHA-256 of the PDF. */
  sha256: z.string(),
  note: z.string(),
  uploadedAt: z.string(),
  url: z.string(),
});
export type TenderDocumentFile = z.infer<typeof tenderDocumentFileSchema>;

export const bidFileSchema = z.object({
  id: z.uuid(),
  lotId: z.uuid(),
  bidId: z.uuid(),
  supplierId: z.uuid(),
  supplierName: z.string(),
  filename: z.string(),
  sizeBytes: z.number().int(),
  /** SHA-256 of the PDF as the bidder sent it (its receipt for the file); null for files uploaded before it was recorded. */
  sha256: z.string().nullable(),
  uploadedAt: z.string(),
  /** sealed: ciphertext only, nobody can read it; opened: decrypted by the opening job. */
  state: z.enum(['sealed', 'opened']),
  url: z.string(),
});
export type BidFile = z.infer<typeof bidFileSchema>;
