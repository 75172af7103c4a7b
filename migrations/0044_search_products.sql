CREATE TABLE "jicai"."search_products" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"category_path" text[] NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"name" text NOT NULL,
	"offers" integer NOT NULL,
	"min_price_fen" bigint NOT NULL,
	"size_classes" text[] NOT NULL,
	"delivery_regions" text[] NOT NULL,
	"green" text[] NOT NULL,
	"price_bands" text[] NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"tsv" "tsvector" NOT NULL
);
--> statement-breakpoint
DROP INDEX "jicai"."search_listings_product_idx";--> statement-breakpoint
CREATE INDEX "search_products_tsv_idx" ON "jicai"."search_products" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_products_category_idx" ON "jicai"."search_products" USING gin ("category_path");--> statement-breakpoint
CREATE INDEX "search_products_price_idx" ON "jicai"."search_products" USING btree ("min_price_fen","product_id");--> statement-breakpoint
CREATE INDEX "search_products_activated_idx" ON "jicai"."search_products" USING btree ("activated_at","product_id");--> statement-breakpoint
CREATE INDEX "search_listings_product_price_idx" ON "jicai"."search_listings" USING btree ("product_id","price_fen","listing_id") INCLUDE ("size_class","green","delivery_regions");--> statement-breakpoint
-- Backfill: one row per product with findable offers, aggregated from search_listings (refreshProductsStatement).
with l as (select * from "jicai"."search_listings"),
agg as (
  select product_id, min(category_code) as category_code, min(category_path) as category_path, min(brand) as brand, min(model) as model,
         min(name) as name, count(*)::int as offers, min(price_fen) as min_price_fen, max(activated_at) as activated_at,
         array_agg(distinct size_class order by size_class) as size_classes,
         array_agg(distinct case when price_fen < 100000 then '0-1000' when price_fen < 300000 then '1000-3000' when price_fen < 500000 then '3000-5000' when price_fen < 1000000 then '5000-10000' when price_fen < 5000000 then '10000-50000' else '50000+' end) as price_bands
    from l group by product_id),
reg as (select product_id, array_agg(distinct r order by r) as regions from l, unnest(l.delivery_regions) r group by product_id),
grn as (select product_id, array_agg(distinct g order by g) as green from l, unnest(l.green) g group by product_id),
lex as (select product_id, array_agg(distinct u.lexeme) as lexemes from l, unnest(l.tsv) u group by product_id)
insert into "jicai"."search_products" (product_id, category_code, category_path, brand, model, name, offers, min_price_fen, size_classes,
                                      delivery_regions, green, price_bands, activated_at, tsv)
select agg.product_id, agg.category_code, agg.category_path, agg.brand, agg.model, agg.name, agg.offers, agg.min_price_fen,
       agg.size_classes, coalesce(reg.regions, '{}'), coalesce(grn.green, '{}'), agg.price_bands, agg.activated_at,
       array_to_tsvector(coalesce(lex.lexemes, '{}'))
  from agg left join reg using (product_id) left join grn using (product_id) left join lex using (product_id);
