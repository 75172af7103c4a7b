/**
 * The search benchmark's fixture, bulk-built in SQL so that it scales to 1M listings: products by
 * generate_series over the traffic module's catalogue, every supplier listing every product
 * (INSERT … SELECT), certificates on about half, and the search rows set-wise from lexemes computed once
 * per product, category and supplier by the segmenter the sync job uses (documentLexemes).
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Db } from '../server/db/client.ts';
import { categoryPath } from '../server/modules/catalogue/catalogue.rules.ts';
import { buildDocuments } from '../server/modules/catalogue/catalogue.documents.ts';
import { refreshProductsStatement } from '../server/platform/search/postgres-search-sql.ts';
import type { SearchDocument, SearchPort } from '../server/platform/search/search-port.ts';
import { documentLexemes } from '../server/platform/search/segment.ts';
import { CATALOGUE } from './bench-search-traffic.ts';

type Supplier = { id: string; name: string };

async function insertProducts(pool: pg.Pool, count: number) {
  const specs = CATALOGUE.map(([, , , , values]) => JSON.stringify(Object.fromEntries(values.map((v, i) => [`s${i}`, v]))));
  await pool.query(
    `insert into jicai.products (category_code, brand, model, name, specs)
     select c.cat, c.brand, c.model || '-' || (i / $6), c.brand || ' ' || c.model || ' ' || c.kind || ' 配置' || (i / $6), c.specs
       from generate_series(0, $7 - 1) i
       join unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) with ordinality c(cat, brand, model, kind, specs, k)
         on c.k = i % $6 + 1`,
    [
      CATALOGUE.map((c) => c[0]),
      CATALOGUE.map((c) => c[1]),
      CATALOGUE.map((c) => c[2]),
      CATALOGUE.map((c) => c[3]),
      specs,
      CATALOGUE.length,
      count,
    ],
  );
}

async function insertListings(pool: pg.Pool, n: number) {
  const client = await pool.connect();
  try {
    await client.query('select setseed(0.42)');
    await client.query(
      `insert into jicai.listings (supplier_id, product_id, agreement_id, price_fen, stock, delivery_regions, lead_time_days, status, activated_at)
       select s.supplier_id, p.id, s.id, 50000 + floor(random() * 1500000)::int, 100,
              (array['{000000}', '{000000}', '{000000}', '{000000}', '{000000}', '{110000}', '{110000}', '{110108}', '{310000}', '{440300}'])[1 + floor(random() * 10)::int]::text[],
              1 + floor(random() * 7)::int, 'active', now() - random() * interval '60 days'
         from jicai.framework_agreements s cross join jicai.products p
        limit $1`,
      [n],
    );
    await client.query(
      `insert into jicai.listing_certificates (listing_id, kind, number, issuer, valid_until)
       select id, 'energy_saving', 'B' || left(id::text, 8), '中国质量认证中心', '2027-12-31' from jicai.listings where random() < 0.5`,
    );
  } finally {
    client.release();
  }
}

/** Per-product and per-supplier lexemes, computed once in the app and staged for the set-wise insert. */
async function stageLexemes(pool: pg.Pool, suppliers: Supplier[]) {
  const cats = (await pool.query<{ code: string; name: string }>('select code, name from jicai.categories')).rows;
  const codes = new Set(cats.map((c) => c.code));
  const names = new Map(cats.map((c) => [c.code, c.name]));
  await pool.query(`create unlogged table if not exists bench_pdoc (product_id uuid primary key, category_path text[], category_name text,
    name_lex text[], cat_lex text[], spec_lex text[])`);
  await pool.query(`create unlogged table if not exists bench_sdoc (supplier_id uuid primary key, lex text[])`);
  for (const s of suppliers) await pool.query('insert into bench_sdoc values ($1, $2)', [s.id, documentLexemes(s.name)]);
  const products = (
    await pool.query<{ id: string; category_code: string; brand: string; model: string; name: string; specs: Record<string, string> }>(
      'select id, category_code, brand, model, name, specs from jicai.products',
    )
  ).rows;
  for (let i = 0; i < products.length; i += 2000) {
    const docs = products.slice(i, i + 2000).map((p) => ({
      id: p.id,
      path: categoryPath(p.category_code, codes),
      cat: names.get(p.category_code) ?? '',
      name: documentLexemes(`${p.brand} ${p.model} ${p.name}`),
      catLex: documentLexemes(names.get(p.category_code) ?? ''),
      spec: documentLexemes(Object.values(p.specs).join(' ')),
    }));
    await pool.query(
      `insert into bench_pdoc select (x->>'id')::uuid, array(select jsonb_array_elements_text(x->'path')), x->>'cat',
         array(select jsonb_array_elements_text(x->'name')), array(select jsonb_array_elements_text(x->'catLex')), array(select jsonb_array_elements_text(x->'spec'))
       from jsonb_array_elements($1::jsonb) x`,
      [JSON.stringify(docs)],
    );
  }
  return products.length;
}

/** Loads N listings and their search rows; the search indexes are rebuilt once after the bulk insert. */
export async function loadSearchFixture(pool: pg.Pool, n: number, suppliers: Supplier[]) {
  const productCount = Math.ceil(n / suppliers.length);
  await insertProducts(pool, productCount);
  await insertListings(pool, n);
  await stageLexemes(pool, suppliers);
  const indexes = (
    await pool.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'jicai' and tablename = 'search_listings' and indexname <> 'search_listings_pkey'`,
    )
  ).rows;
  for (const ix of indexes) await pool.query(`drop index jicai.${ix.indexname}`);
  await pool.query(
    `insert into jicai.search_listings (listing_id, product_id, supplier_id, category_code, category_path, brand, model, name, supplier_name,
       size_class, delivery_regions, green, price_fen, lead_time_days, activated_at, search_text, tsv)
     select l.id, l.product_id, l.supplier_id, p.category_code, d.category_path, p.brand, p.model, p.name, o.name, coalesce(o.size_class, 'large'),
            l.delivery_regions, case when exists (select 1 from jicai.listing_certificates c where c.listing_id = l.id) then '{energy_saving}'::text[] else '{}' end,
            l.price_fen, l.lead_time_days, l.activated_at,
            lower(p.brand || ' ' || p.model || ' ' || p.name || ' ' || d.category_name || ' ' || o.name),
            setweight(array_to_tsvector(d.name_lex), 'A') || setweight(array_to_tsvector(d.cat_lex), 'B')
              || setweight(array_to_tsvector(array(select distinct unnest(d.spec_lex || sd.lex))), 'C')
       from jicai.listings l join jicai.products p on p.id = l.product_id join bench_pdoc d on d.product_id = l.product_id
       join jicai.organizations o on o.id = l.supplier_id join bench_sdoc sd on sd.supplier_id = l.supplier_id`,
  );
  for (const ix of indexes) await pool.query(ix.indexdef);
  // The per-product search rows, by the adapter's own statement.
  const refresh = new PgDialect().sqlToQuery(refreshProductsStatement(null));
  await pool.query(refresh.sql, refresh.params);
  // Vacuumed as well as analyzed: the state autovacuum keeps a running catalogue in (visibility map set, so
  // index-only scans skip the heap), and no autovacuum of the fresh rows runs during the measurement.
  await pool.query('vacuum (analyze)');
  const listings = Number((await pool.query<{ n: string }>('select count(*) as n from jicai.search_listings')).rows[0]?.n ?? 0);
  return { listings, products: productCount };
}

/** Re-syncs a few listings through the real document builder and adapter: their rows must not change. */
export async function verifyFixture(pool: pg.Pool, db: Db, port: SearchPort): Promise<number> {
  const read = async (ids: string[]) =>
    (
      await pool.query(
        `select listing_id, category_path, brand, model, name, supplier_name, size_class, delivery_regions, green, price_fen, search_text, tsv::text as tsv
         from jicai.search_listings where listing_id = any($1::uuid[]) order by listing_id`,
        [ids],
      )
    ).rows;
  const ids = (
    await pool.query<{ id: string }>('select listing_id as id from jicai.search_listings order by md5(listing_id::text) limit 5')
  ).rows.map((r) => r.id);
  const before = JSON.stringify(await read(ids));
  const docs = [...(await buildDocuments(db, ids)).values()].filter((d): d is SearchDocument => d !== null);
  await port.load(docs, { replace: false });
  const after = JSON.stringify(await read(ids));
  if (before !== after) throw new Error(`fixture search rows differ from the sync job's:\n${before}\n${after}`);
  return ids.length;
}
