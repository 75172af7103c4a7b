CREATE TYPE "jicai"."credit_event_status" AS ENUM('recorded', 'confirmed', 'appealed', 'upheld', 'revoked');--> statement-breakpoint
CREATE TYPE "jicai"."credit_severity" AS ENUM('positive', 'minor', 'general', 'serious', 'major');--> statement-breakpoint
CREATE TYPE "jicai"."credit_source" AS ENUM('order_acceptance', 'late_confirmation', 'late_delivery', 'order_rejection', 'tender_misconduct', 'auction_payment_default', 'regulator_penalty', 'external_list');--> statement-breakpoint
CREATE TYPE "jicai"."exclusion_list_type" AS ENUM('bad_conduct', 'serious_dishonesty', 'dishonest_debtor', 'tax_violation');--> statement-breakpoint
CREATE TABLE "jicai"."credit_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"filed_by" uuid,
	"decided_by" uuid,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."credit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supplier_id" uuid NOT NULL,
	"source" "jicai"."credit_source" NOT NULL,
	"severity" "jicai"."credit_severity" NOT NULL,
	"points" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"source_ref" text,
	"status" "jicai"."credit_event_status" DEFAULT 'recorded' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_by_user_id" uuid,
	"recorded_by_org_id" uuid,
	"confirmed_at" timestamp with time zone,
	"appeal_deadline" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."credit_evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."credit_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"filename" text NOT NULL,
	"row_count" integer NOT NULL,
	"matched_count" integer NOT NULL,
	"imported_by" uuid,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."credit_scores" (
	"supplier_id" uuid PRIMARY KEY NOT NULL,
	"score_centi" integer NOT NULL,
	"explanation" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supplier_id" uuid,
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"list_type" "jicai"."exclusion_list_type" NOT NULL,
	"region_code" text DEFAULT '' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"legal_basis" text NOT NULL,
	"event_id" uuid,
	"import_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."expert_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"project_ref" text NOT NULL,
	"punctuality" integer NOT NULL,
	"diligence" integer NOT NULL,
	"recusal_honesty" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"violation" text DEFAULT 'none' NOT NULL,
	"rated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."expert_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."credit_appeals" ADD CONSTRAINT "credit_appeals_event_id_credit_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "jicai"."credit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_appeals" ADD CONSTRAINT "credit_appeals_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_appeals" ADD CONSTRAINT "credit_appeals_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_appeals" ADD CONSTRAINT "credit_appeals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_events" ADD CONSTRAINT "credit_events_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_events" ADD CONSTRAINT "credit_events_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_events" ADD CONSTRAINT "credit_events_recorded_by_org_id_organizations_id_fk" FOREIGN KEY ("recorded_by_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_evidence_files" ADD CONSTRAINT "credit_evidence_files_event_id_credit_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "jicai"."credit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_evidence_files" ADD CONSTRAINT "credit_evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_imports" ADD CONSTRAINT "credit_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."credit_scores" ADD CONSTRAINT "credit_scores_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."exclusions" ADD CONSTRAINT "exclusions_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."exclusions" ADD CONSTRAINT "exclusions_event_id_credit_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "jicai"."credit_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."exclusions" ADD CONSTRAINT "exclusions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_ratings" ADD CONSTRAINT "expert_ratings_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "jicai"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_ratings" ADD CONSTRAINT "expert_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_status_changes" ADD CONSTRAINT "expert_status_changes_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "jicai"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_status_changes" ADD CONSTRAINT "expert_status_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_appeals_supplier_idx" ON "jicai"."credit_appeals" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "credit_appeals_status_idx" ON "jicai"."credit_appeals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "credit_events_supplier_idx" ON "jicai"."credit_events" USING btree ("supplier_id","occurred_at");--> statement-breakpoint
CREATE INDEX "credit_events_status_idx" ON "jicai"."credit_events" USING btree ("status");--> statement-breakpoint
CREATE INDEX "credit_evidence_event_idx" ON "jicai"."credit_evidence_files" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "exclusions_uscc_idx" ON "jicai"."exclusions" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "exclusions_supplier_idx" ON "jicai"."exclusions" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "expert_ratings_expert_idx" ON "jicai"."expert_ratings" USING btree ("expert_id");