import { sql } from 'drizzle-orm';
import { auctionLots } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

/** An auction lot by its number and title. The audit log's label part (platform/entity-labels.ts). */
export const auctionLotLabels: LabelSql = (ids) =>
  sql`select ${auctionLots.id} as id, ${auctionLots.lotNo} as label, ${auctionLots.title} as title, null::text as ref_id from ${auctionLots} where ${auctionLots.id} = any(${uuidArray(ids)})`;
