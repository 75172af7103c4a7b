CREATE TYPE "jicai"."tender_status" AS ENUM('draft', 'bidding', 'opened', 'evaluation', 'awarded', 'challenge', 'contracted', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "jicai"."bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"submitted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"documents_version" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"sha256" text NOT NULL,
	"sealed" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"status_note" text,
	"price_fen" bigint,
	"brand" text,
	"size_class" "jicai"."size_class",
	"sme_declared" boolean,
	"technical_response" text,
	"deduction_rate" text,
	"evaluation_price_fen" bigint,
	"opened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."procurement_methods" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"min_bidders" integer NOT NULL,
	"min_notice_days" integer NOT NULL,
	"documents_min_workdays" integer NOT NULL,
	"clarification_min_days" integer NOT NULL,
	"invitation_only" boolean NOT NULL,
	"evaluation_methods" text[] NOT NULL,
	"basis" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_clarifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"asked_by_org_id" uuid,
	"question" text,
	"answer" text,
	"changes_documents" boolean DEFAULT false NOT NULL,
	"deadline_moved_to" timestamp with time zone,
	"invalidated_bids" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_no" integer NOT NULL,
	"name" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"items" jsonb NOT NULL,
	"evaluation_method" text NOT NULL,
	"price_weight" text,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sme_reserved" boolean NOT NULL,
	"sme_deduction_rate" text NOT NULL,
	"bid_bond_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	CONSTRAINT "tender_lots_budget" CHECK ("jicai"."tender_lots"."budget_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "jicai"."tenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_no" text NOT NULL,
	"title" text NOT NULL,
	"method_code" text NOT NULL,
	"purchaser_org_id" uuid NOT NULL,
	"center_org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"documents" text NOT NULL,
	"documents_version" integer DEFAULT 1 NOT NULL,
	"green_preference" text DEFAULT '' NOT NULL,
	"status" "jicai"."tender_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"deadline" timestamp with time zone NOT NULL,
	"invited_supplier_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"seal_public_key" text NOT NULL,
	"seal_private_key_wrapped" text NOT NULL,
	"opened_at" timestamp with time zone,
	"opening_record" jsonb,
	"result_note" text,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD CONSTRAINT "bids_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD CONSTRAINT "bids_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD CONSTRAINT "bids_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD CONSTRAINT "bids_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_clarifications" ADD CONSTRAINT "tender_clarifications_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_clarifications" ADD CONSTRAINT "tender_clarifications_asked_by_org_id_organizations_id_fk" FOREIGN KEY ("asked_by_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_lots" ADD CONSTRAINT "tender_lots_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD CONSTRAINT "tenders_method_code_procurement_methods_code_fk" FOREIGN KEY ("method_code") REFERENCES "jicai"."procurement_methods"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD CONSTRAINT "tenders_purchaser_org_id_organizations_id_fk" FOREIGN KEY ("purchaser_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD CONSTRAINT "tenders_center_org_id_organizations_id_fk" FOREIGN KEY ("center_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD CONSTRAINT "tenders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bids_supplier_lot_key" ON "jicai"."bids" USING btree ("lot_id","supplier_id");--> statement-breakpoint
CREATE INDEX "bids_tender_idx" ON "jicai"."bids" USING btree ("tender_id","status");--> statement-breakpoint
CREATE INDEX "bids_supplier_idx" ON "jicai"."bids" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "tender_clarifications_tender_idx" ON "jicai"."tender_clarifications" USING btree ("tender_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_lots_no_key" ON "jicai"."tender_lots" USING btree ("tender_id","lot_no");--> statement-breakpoint
CREATE UNIQUE INDEX "tenders_no_key" ON "jicai"."tenders" USING btree ("tender_no");--> statement-breakpoint
CREATE INDEX "tenders_status_idx" ON "jicai"."tenders" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "tenders_purchaser_idx" ON "jicai"."tenders" USING btree ("purchaser_org_id");
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "jicai"."tender_no_seq";
