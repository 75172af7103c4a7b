CREATE TYPE "jicai"."quotation_status" AS ENUM('open', 'awarded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "jicai"."quotation_quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quotation_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"submitted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"sha256" text NOT NULL,
	"sealed" text,
	"withdrawn_at" timestamp with time zone,
	"unit_price_fen" bigint,
	"total_fen" bigint,
	"brand" text,
	"model" text,
	"offered_specs" jsonb,
	"delivery_days" integer,
	"size_class" "jicai"."size_class",
	"sme_declared" boolean,
	"certificates" jsonb,
	"deduction_rate" text,
	"evaluation_fen" bigint,
	"compliant" boolean,
	"issues" text[],
	"rank" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."quotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quotation_no" text NOT NULL,
	"purchaser_org_id" uuid NOT NULL,
	"created_by" uuid,
	"title" text NOT NULL,
	"category_code" text NOT NULL,
	"specs" jsonb NOT NULL,
	"requirements" text NOT NULL,
	"quantity" integer NOT NULL,
	"ceiling_fen" bigint NOT NULL,
	"delivery_days" integer NOT NULL,
	"delivery_address" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"reserved_for_sme" boolean NOT NULL,
	"sme_deduction_rate" text NOT NULL,
	"min_quotes" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" "jicai"."quotation_status" DEFAULT 'open' NOT NULL,
	"seal_public_key" text NOT NULL,
	"seal_private_key_wrapped" text NOT NULL,
	"closed_at" timestamp with time zone,
	"result_note" text,
	"awarded_quote_id" uuid,
	"order_id" uuid,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotations_quantity_positive" CHECK ("jicai"."quotations"."quantity" > 0 and "jicai"."quotations"."ceiling_fen" > 0 and "jicai"."quotations"."delivery_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ALTER COLUMN "listing_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ALTER COLUMN "product_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ALTER COLUMN "checkout_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."budget_movements" ADD COLUMN "quotation_id" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD COLUMN "quotation_id" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."quotation_quotes" ADD CONSTRAINT "quotation_quotes_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "jicai"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."quotation_quotes" ADD CONSTRAINT "quotation_quotes_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."quotation_quotes" ADD CONSTRAINT "quotation_quotes_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ADD CONSTRAINT "quotations_purchaser_org_id_organizations_id_fk" FOREIGN KEY ("purchaser_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ADD CONSTRAINT "quotations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ADD CONSTRAINT "quotations_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "jicai"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ADD CONSTRAINT "quotations_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "jicai"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quotation_quotes_supplier_key" ON "jicai"."quotation_quotes" USING btree ("quotation_id","supplier_id");--> statement-breakpoint
CREATE INDEX "quotation_quotes_supplier_idx" ON "jicai"."quotation_quotes" USING btree ("supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quotations_no_key" ON "jicai"."quotations" USING btree ("quotation_no");--> statement-breakpoint
CREATE INDEX "quotations_purchaser_idx" ON "jicai"."quotations" USING btree ("purchaser_org_id","created_at");--> statement-breakpoint
CREATE INDEX "quotations_status_idx" ON "jicai"."quotations" USING btree ("status","deadline");--> statement-breakpoint
ALTER TABLE "jicai"."budget_movements" ADD CONSTRAINT "budget_movements_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "jicai"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "jicai"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_one_source" CHECK (("jicai"."orders"."checkout_id" is null) <> ("jicai"."orders"."quotation_id" is null));
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "jicai"."quotation_no_seq";
