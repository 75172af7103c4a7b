import { shanghaiDate } from '../../../platform/calendar.ts';
import { DAY, type World } from './kit.ts';

/**
 * 采购意向公开 (财库〔2020〕10号, #16): every tender and online quotation of the replay starts under an
 * intention its unit published more than 30 days before; each story publishes its own ahead of its start.
 */

/** How long before a procurement starts its intention is published: beyond the circular's 30 days. */
export const INTENTION_LEAD_DAYS = 35;

export interface IntentionOf {
  buyer: string;
  itemName: string;
  categoryCode: string;
  budgetFen: number;
  startsAt: Date;
  reserved?: boolean;
  description: string;
}

/** The unit publishes its intention through the API (public at once): its id, for the tender or quotation. */
export async function publishIntention(world: World, i: IntentionOf): Promise<string> {
  const created = await world.call<{ id: string }>(i.buyer, 'POST', '/api/intentions', {
    itemName: i.itemName,
    categoryCode: i.categoryCode,
    budgetFen: i.budgetFen,
    expectedMonth: shanghaiDate(i.startsAt).slice(0, 7),
    smeReservation: i.reserved ? 'whole' : 'none',
    description: i.description,
  });
  return created.id;
}

/** When a procurement starting at `startsAt` publishes its intention. */
export const intentionAt = (startsAt: Date) => new Date(startsAt.getTime() - INTENTION_LEAD_DAYS * DAY);
