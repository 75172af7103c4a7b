import { sql } from 'drizzle-orm';
import { frameworkAgreements, listings, products } from '../../db/schema/index.ts';
import { uuidArray, type LabelSql } from '../../platform/entity-labels.ts';

// The audit log's label parts (platform/entity-labels.ts) for the catalogue's things.

/** A standard product by its name. */
export const productLabels: LabelSql = (ids) =>
  sql`select ${products.id} as id, ${products.name} as label, null::text as title, null::text as ref_id from ${products} where ${products.id} = any(${uuidArray(ids)})`;

/** A supplier's listing by its product's name; the product is what the storefront shows. */
export const listingLabels: LabelSql = (ids) =>
  sql`select ${listings.id} as id, ${products.name} as label, null::text as title, ${products.id}::text as ref_id
    from ${listings} join ${products} on ${products.id} = ${listings.productId} where ${listings.id} = any(${uuidArray(ids)})`;

/** A framework agreement by its code and title. */
export const agreementLabels: LabelSql = (ids) =>
  sql`select ${frameworkAgreements.id} as id, ${frameworkAgreements.code} as label, ${frameworkAgreements.title} as title, null::text as ref_id
    from ${frameworkAgreements} where ${frameworkAgreements.id} = any(${uuidArray(ids)})`;
