CREATE TABLE "jicai"."tender_clocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"responsible_org_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"remaining_ms" bigint,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"regulator_org_id" uuid NOT NULL,
	"filed_by" uuid,
	"grounds" text NOT NULL,
	"evidence" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	"status" text DEFAULT 'filed' NOT NULL,
	"accept_due" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"refusal_reason" text,
	"handle_due" timestamp with time zone,
	"outcome" text,
	"decision_reasons" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD COLUMN "documents_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."tender_clocks" ADD CONSTRAINT "tender_clocks_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_clocks" ADD CONSTRAINT "tender_clocks_responsible_org_id_organizations_id_fk" FOREIGN KEY ("responsible_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_complaints" ADD CONSTRAINT "tender_complaints_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_complaints" ADD CONSTRAINT "tender_complaints_challenge_id_tender_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "jicai"."tender_challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_complaints" ADD CONSTRAINT "tender_complaints_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_complaints" ADD CONSTRAINT "tender_complaints_regulator_org_id_organizations_id_fk" FOREIGN KEY ("regulator_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_complaints" ADD CONSTRAINT "tender_complaints_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_complaints" ADD CONSTRAINT "tender_complaints_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tender_clocks_subject_key" ON "jicai"."tender_clocks" USING btree ("tender_id","kind","subject_id");--> statement-breakpoint
CREATE INDEX "tender_clocks_status_idx" ON "jicai"."tender_clocks" USING btree ("status","due");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_complaints_challenge_key" ON "jicai"."tender_complaints" USING btree ("challenge_id");--> statement-breakpoint
CREATE INDEX "tender_complaints_tender_idx" ON "jicai"."tender_complaints" USING btree ("tender_id");