CREATE TABLE "jicai"."framework_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_no" text NOT NULL,
	"center_org_id" uuid NOT NULL,
	"created_by" uuid,
	"title" text NOT NULL,
	"category_code" text NOT NULL,
	"requirements" text NOT NULL,
	"method" text NOT NULL,
	"entry" text NOT NULL,
	"cap_unit_price_fen" bigint NOT NULL,
	"max_admitted" integer,
	"rotation_capacity" integer,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"seal_public_key" text NOT NULL,
	"seal_private_key_wrapped" text NOT NULL,
	"closed_at" timestamp with time zone,
	"panel" jsonb,
	"evaluated_by" uuid,
	"admitted_at" timestamp with time zone,
	"rotation_next" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	CONSTRAINT "framework_calls_cap_positive" CHECK ("jicai"."framework_calls"."cap_unit_price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "jicai"."framework_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"digest" text NOT NULL,
	"sealed" text,
	"unit_price_fen" bigint,
	"quality_score" integer,
	"compliant" boolean,
	"issues" text[],
	"rank" integer,
	"admitted" boolean,
	"decision_reason" text,
	"position" integer,
	"agreement_id" uuid,
	"suspended_reason" text,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."framework_rotation_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_no" text NOT NULL,
	"call_id" uuid NOT NULL,
	"purchaser_org_id" uuid NOT NULL,
	"placed_by" uuid,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"supplier_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"skipped" jsonb NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	CONSTRAINT "framework_rotation_orders_positive" CHECK ("jicai"."framework_rotation_orders"."quantity" > 0 and "jicai"."framework_rotation_orders"."total_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "jicai"."framework_agreements" ADD COLUMN "call_id" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD COLUMN "agreement_id" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ADD COLUMN "framework_call_id" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."framework_calls" ADD CONSTRAINT "framework_calls_center_org_id_organizations_id_fk" FOREIGN KEY ("center_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_calls" ADD CONSTRAINT "framework_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_calls" ADD CONSTRAINT "framework_calls_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "jicai"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_calls" ADD CONSTRAINT "framework_calls_evaluated_by_users_id_fk" FOREIGN KEY ("evaluated_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_responses" ADD CONSTRAINT "framework_responses_call_id_framework_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "jicai"."framework_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_responses" ADD CONSTRAINT "framework_responses_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_responses" ADD CONSTRAINT "framework_responses_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_rotation_orders" ADD CONSTRAINT "framework_rotation_orders_call_id_framework_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "jicai"."framework_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_rotation_orders" ADD CONSTRAINT "framework_rotation_orders_purchaser_org_id_organizations_id_fk" FOREIGN KEY ("purchaser_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_rotation_orders" ADD CONSTRAINT "framework_rotation_orders_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."framework_rotation_orders" ADD CONSTRAINT "framework_rotation_orders_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "framework_calls_no_key" ON "jicai"."framework_calls" USING btree ("call_no");--> statement-breakpoint
CREATE INDEX "framework_calls_center_idx" ON "jicai"."framework_calls" USING btree ("center_org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_responses_supplier_key" ON "jicai"."framework_responses" USING btree ("call_id","supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_responses_position_key" ON "jicai"."framework_responses" USING btree ("call_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_rotation_orders_no_key" ON "jicai"."framework_rotation_orders" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "framework_rotation_orders_call_idx" ON "jicai"."framework_rotation_orders" USING btree ("call_id","supplier_id");