CREATE TABLE "jicai"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."risk_alert_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."risk_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule" text NOT NULL,
	"fingerprint" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"subject_label" text NOT NULL,
	"organization_id" uuid,
	"region_code" text,
	"assignee_id" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."organizations" ADD COLUMN "controlled_by_uscc" text;--> statement-breakpoint
ALTER TABLE "jicai"."quotation_quotes" ADD COLUMN "submitted_ip" text;--> statement-breakpoint
ALTER TABLE "jicai"."quotation_quotes" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD COLUMN "green_certificate" jsonb;--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD COLUMN "submitted_ip" text;--> statement-breakpoint
ALTER TABLE "jicai"."bids" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "jicai"."tender_lots" ADD COLUMN "green_bonus_points" text;--> statement-breakpoint
ALTER TABLE "jicai"."tender_lots" ADD COLUMN "green_deduction_rate" text;--> statement-breakpoint
ALTER TABLE "jicai"."notifications" ADD CONSTRAINT "notifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."risk_alert_notes" ADD CONSTRAINT "risk_alert_notes_alert_id_risk_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "jicai"."risk_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."risk_alert_notes" ADD CONSTRAINT "risk_alert_notes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."risk_alerts" ADD CONSTRAINT "risk_alerts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."risk_alerts" ADD CONSTRAINT "risk_alerts_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."risk_alerts" ADD CONSTRAINT "risk_alerts_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "jicai"."notifications" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_alert_notes_alert_idx" ON "jicai"."risk_alert_notes" USING btree ("alert_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_alerts_fingerprint_key" ON "jicai"."risk_alerts" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "risk_alerts_status_idx" ON "jicai"."risk_alerts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "risk_alerts_rule_idx" ON "jicai"."risk_alerts" USING btree ("rule");