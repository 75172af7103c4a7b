CREATE TYPE "jicai"."intention_sme_reservation" AS ENUM('none', 'whole', 'share');--> statement-breakpoint
CREATE TYPE "jicai"."plan_status" AS ENUM('draft', 'submitted', 'approved', 'returned');--> statement-breakpoint
CREATE TABLE "jicai"."intention_uses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_type" text NOT NULL,
	"process_id" uuid NOT NULL,
	"intention_id" uuid,
	"exemption" text,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	CONSTRAINT "intention_uses_one_of" CHECK (("jicai"."intention_uses"."intention_id" is null) <> ("jicai"."intention_uses"."exemption" is null))
);
--> statement-breakpoint
CREATE TABLE "jicai"."procurement_intentions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_org_id" uuid NOT NULL,
	"created_by" uuid,
	"item_name" text NOT NULL,
	"category_code" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"expected_month" text NOT NULL,
	"sme_reservation" "jicai"."intention_sme_reservation" NOT NULL,
	"sme_share" text,
	"description" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	CONSTRAINT "procurement_intentions_budget_positive" CHECK ("jicai"."procurement_intentions"."budget_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "jicai"."procurement_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_org_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"status" "jicai"."plan_status" DEFAULT 'draft' NOT NULL,
	"lines" jsonb NOT NULL,
	"sme_exempt_reason" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by_org_id" uuid,
	"decision_note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."intention_uses" ADD CONSTRAINT "intention_uses_intention_id_procurement_intentions_id_fk" FOREIGN KEY ("intention_id") REFERENCES "jicai"."procurement_intentions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."procurement_intentions" ADD CONSTRAINT "procurement_intentions_unit_org_id_organizations_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."procurement_intentions" ADD CONSTRAINT "procurement_intentions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."procurement_plans" ADD CONSTRAINT "procurement_plans_unit_org_id_organizations_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."procurement_plans" ADD CONSTRAINT "procurement_plans_decided_by_org_id_organizations_id_fk" FOREIGN KEY ("decided_by_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."procurement_plans" ADD CONSTRAINT "procurement_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "intention_uses_process_key" ON "jicai"."intention_uses" USING btree ("process_type","process_id");--> statement-breakpoint
CREATE INDEX "procurement_intentions_unit_idx" ON "jicai"."procurement_intentions" USING btree ("unit_org_id","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_plans_unit_year_key" ON "jicai"."procurement_plans" USING btree ("unit_org_id","fiscal_year");