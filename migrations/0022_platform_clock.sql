CREATE TABLE "jicai"."clock" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"offset_ms" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone,
	CONSTRAINT "clock_single_row" CHECK ("jicai"."clock"."id")
);
--> statement-breakpoint
-- The platform clock (#15): PostgreSQL's own clocks plus one offset every process shares. 0 in service;
-- the demo replay and tests on a database of their own move it. Column defaults and every deadline
-- comparison use these, never now() or clock_timestamp() directly.
INSERT INTO jicai.clock (id, offset_ms) VALUES (true, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jicai.now() RETURNS timestamp with time zone LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT now() + coalesce((SELECT offset_ms FROM jicai.clock WHERE id), 0) * interval '1 millisecond' $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jicai.clock_timestamp() RETURNS timestamp with time zone LANGUAGE sql VOLATILE PARALLEL SAFE AS
$$ SELECT clock_timestamp() + coalesce((SELECT offset_ms FROM jicai.clock WHERE id), 0) * interval '1 millisecond' $$;
--> statement-breakpoint
ALTER TABLE "jicai"."login_attempts" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."organizations" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."organizations" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."sessions" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."users" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."users" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."budget_lines" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."budget_lines" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."categories" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."categories" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."experts" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."experts" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."policy_values" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."scheduled_jobs" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."credit_appeals" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."credit_events" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."credit_events" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."credit_evidence_files" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."credit_imports" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."exclusions" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."expert_ratings" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."expert_status_changes" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."agreement_amendments" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."framework_agreements" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."framework_agreements" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."listing_certificates" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."listing_price_history" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."listings" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."listings" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."product_images" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."products" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."products" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."budget_movements" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."cart_items" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."cart_items" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."checkouts" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."orders" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."orders" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."quotation_quotes" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."quotations" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."asset_events" ALTER COLUMN "at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."asset_photos" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."assets" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."assets" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."reallocation_requests" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."auction_lots" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."auction_lots" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."bids" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."expert_draws" ALTER COLUMN "drawn_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."lot_evaluations" ALTER COLUMN "computed_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tender_challenges" ALTER COLUMN "lodged_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tender_clarifications" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tender_experts" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tender_scores" ALTER COLUMN "submitted_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."notifications" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."risk_alert_notes" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."risk_alerts" ALTER COLUMN "created_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."risk_alerts" ALTER COLUMN "updated_at" SET DEFAULT jicai.now();--> statement-breakpoint
ALTER TABLE "jicai"."stored_files" ALTER COLUMN "created_at" SET DEFAULT jicai.now();