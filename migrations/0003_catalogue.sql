CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;--> statement-breakpoint
CREATE TYPE "jicai"."listing_status" AS ENUM('draft', 'submitted', 'active', 'suspended', 'delisted');--> statement-breakpoint
CREATE TABLE "jicai"."agreement_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text NOT NULL,
	"amended_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."framework_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"supplier_id" uuid NOT NULL,
	"category_codes" text[] NOT NULL,
	"brands" text[] DEFAULT '{}'::text[] NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"price_cap_fen" bigint,
	"min_discount" numeric(5, 4),
	"status" text DEFAULT 'active' NOT NULL,
	"ended_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."listing_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"issuer" text NOT NULL,
	"valid_until" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."listing_price_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"price_fen" bigint NOT NULL,
	"changed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supplier_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"agreement_id" uuid,
	"price_fen" bigint NOT NULL,
	"stock" integer NOT NULL,
	"delivery_regions" text[] NOT NULL,
	"lead_time_days" integer NOT NULL,
	"status" "jicai"."listing_status" DEFAULT 'draft' NOT NULL,
	"price_flag" text,
	"review_note" text,
	"status_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"activated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "listings_price_positive" CHECK ("jicai"."listings"."price_fen" > 0),
	CONSTRAINT "listings_stock_nonnegative" CHECK ("jicai"."listings"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "jicai"."product_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_code" text NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"name" text NOT NULL,
	"specs" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by_org_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."search_listings" (
	"listing_id" uuid PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"category_code" text NOT NULL,
	"category_path" text[] NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"name" text NOT NULL,
	"supplier_name" text NOT NULL,
	"size_class" text NOT NULL,
	"delivery_regions" text[] NOT NULL,
	"green" text[] NOT NULL,
	"price_fen" bigint NOT NULL,
	"lead_time_days" integer NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"search_text" text NOT NULL,
	"tsv" "tsvector" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."agreement_amendments" ADD CONSTRAINT "agreement_amendments_agreement_id_framework_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "jicai"."framework_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."agreement_amendments" ADD CONSTRAINT "agreement_amendments_amended_by_users_id_fk" FOREIGN KEY ("amended_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_agreements" ADD CONSTRAINT "framework_agreements_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_agreements" ADD CONSTRAINT "framework_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."listing_certificates" ADD CONSTRAINT "listing_certificates_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "jicai"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."listing_price_history" ADD CONSTRAINT "listing_price_history_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "jicai"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."listing_price_history" ADD CONSTRAINT "listing_price_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."listings" ADD CONSTRAINT "listings_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."listings" ADD CONSTRAINT "listings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "jicai"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."listings" ADD CONSTRAINT "listings_agreement_id_framework_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "jicai"."framework_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "jicai"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."products" ADD CONSTRAINT "products_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "jicai"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."products" ADD CONSTRAINT "products_created_by_org_id_organizations_id_fk" FOREIGN KEY ("created_by_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."search_listings" ADD CONSTRAINT "search_listings_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "jicai"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "framework_agreements_code_key" ON "jicai"."framework_agreements" USING btree ("code");--> statement-breakpoint
CREATE INDEX "framework_agreements_supplier_idx" ON "jicai"."framework_agreements" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "listing_certificates_listing_idx" ON "jicai"."listing_certificates" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "listing_price_history_listing_idx" ON "jicai"."listing_price_history" USING btree ("listing_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "listings_supplier_product_key" ON "jicai"."listings" USING btree ("supplier_id","product_id");--> statement-breakpoint
CREATE INDEX "listings_product_idx" ON "jicai"."listings" USING btree ("product_id","status");--> statement-breakpoint
CREATE INDEX "listings_status_idx" ON "jicai"."listings" USING btree ("status");--> statement-breakpoint
CREATE INDEX "product_images_product_idx" ON "jicai"."product_images" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_category_brand_model_key" ON "jicai"."products" USING btree ("category_code","brand","model");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "jicai"."products" USING btree ("category_code");--> statement-breakpoint
CREATE INDEX "search_listings_tsv_idx" ON "jicai"."search_listings" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_listings_trgm_idx" ON "jicai"."search_listings" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_listings_category_idx" ON "jicai"."search_listings" USING gin ("category_path");--> statement-breakpoint
CREATE INDEX "search_listings_price_idx" ON "jicai"."search_listings" USING btree ("price_fen");--> statement-breakpoint
CREATE INDEX "search_listings_product_idx" ON "jicai"."search_listings" USING btree ("product_id");