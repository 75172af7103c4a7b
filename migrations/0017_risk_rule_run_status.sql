ALTER TABLE "jicai"."risk_rule_runs" ADD COLUMN "status" text DEFAULT 'completed' NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."risk_rule_runs" ADD COLUMN "note" text;