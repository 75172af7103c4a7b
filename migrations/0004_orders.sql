CREATE TYPE "jicai"."order_status" AS ENUM('pending_approval', 'placed', 'confirmed', 'shipped', 'delivered', 'accepted', 'rejected', 'settled', 'cancelled');--> statement-breakpoint
CREATE TABLE "jicai"."budget_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"order_id" uuid,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."cart_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_items_quantity_positive" CHECK ("jicai"."cart_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "jicai"."checkouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"order_ids" uuid[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"listing_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"category_code" text NOT NULL,
	"title" text NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"specs" jsonb NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"line_total_fen" bigint NOT NULL,
	"over_standard" boolean NOT NULL,
	"certificates" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_no" text NOT NULL,
	"checkout_id" uuid NOT NULL,
	"purchaser_org_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"status" "jicai"."order_status" NOT NULL,
	"total_fen" bigint NOT NULL,
	"delivery_address" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"findings" jsonb NOT NULL,
	"needs_approval" boolean NOT NULL,
	"approval_reasons" text[] NOT NULL,
	"over_standard_reason" text,
	"placed_by" uuid,
	"decided_by" uuid,
	"decision_reason" text,
	"confirm_deadline" timestamp with time zone,
	"expected_delivery_by" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"rejection_reason" text,
	"rating" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."budget_movements" ADD CONSTRAINT "budget_movements_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "jicai"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."budget_movements" ADD CONSTRAINT "budget_movements_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "jicai"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."cart_items" ADD CONSTRAINT "cart_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."cart_items" ADD CONSTRAINT "cart_items_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."cart_items" ADD CONSTRAINT "cart_items_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "jicai"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."checkouts" ADD CONSTRAINT "checkouts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."checkouts" ADD CONSTRAINT "checkouts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "jicai"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD CONSTRAINT "order_lines_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "jicai"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "jicai"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_checkout_id_checkouts_id_fk" FOREIGN KEY ("checkout_id") REFERENCES "jicai"."checkouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_purchaser_org_id_organizations_id_fk" FOREIGN KEY ("purchaser_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "jicai"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD CONSTRAINT "orders_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_movements_line_idx" ON "jicai"."budget_movements" USING btree ("budget_line_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_user_listing_key" ON "jicai"."cart_items" USING btree ("user_id","listing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checkouts_org_key" ON "jicai"."checkouts" USING btree ("organization_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "jicai"."order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_order_no_key" ON "jicai"."orders" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "orders_purchaser_idx" ON "jicai"."orders" USING btree ("purchaser_org_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_supplier_idx" ON "jicai"."orders" USING btree ("supplier_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "jicai"."orders" USING btree ("status");--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "jicai"."order_no_seq";
