import { z } from 'zod';

/** One step of a process as its timeline shows it: what, who (person and organization), when, and what was recorded. */
export const timelineEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  actorOrgName: z.string().nullable(),
  /** The step's recorded details (reason, rating, findings, waybill…), as stored with it. */
  data: z.record(z.string(), z.unknown()),
});
export const timelineSchema = z.object({ items: z.array(timelineEntrySchema) });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** The processes whose pages follow their changes live (server-sent events) and show a timeline. */
export const processTypes = ['order', 'quotation', 'tender', 'auction_lot'] as const;
export type ProcessType = (typeof processTypes)[number];
