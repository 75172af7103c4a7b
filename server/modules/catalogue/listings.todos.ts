import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { todoRows } from '../../platform/todos.ts';

/**
 * 待办 of the e-mall catalogue for center staff: the listings submitted for review, one item with their
 * number (the review queue, like its page, is the platform's catalogue, not a region's).
 */
export const listingTodos = {
  center: (db: DbOrTx) =>
    todoRows(
      db,
      sql`select 'listings_to_review' as kind, ''::text as title, null::text as party, 'listing' as entity_type,
                 null::uuid as entity_id, '/center/listings/review'::text as link, null::timestamptz as due,
                 null::bigint as amount_fen, count(*)::int as count, min(l.updated_at) as since
            from jicai.listings l
           where l.status = 'submitted'
          having count(*) > 0`,
    ),
};
