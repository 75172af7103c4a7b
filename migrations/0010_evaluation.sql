CREATE TABLE "jicai"."lot_evaluations" (
	"lot_id" uuid PRIMARY KEY NOT NULL,
	"tender_id" uuid NOT NULL,
	"report" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recommended_bid_id" uuid,
	"awarded_bid_id" uuid,
	"awarded_at" timestamp with time zone,
	"confirmed_by" uuid,
	"contract_price_fen" bigint
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"points" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."lot_evaluations" ADD CONSTRAINT "lot_evaluations_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."lot_evaluations" ADD CONSTRAINT "lot_evaluations_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."lot_evaluations" ADD CONSTRAINT "lot_evaluations_recommended_bid_id_bids_id_fk" FOREIGN KEY ("recommended_bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."lot_evaluations" ADD CONSTRAINT "lot_evaluations_awarded_bid_id_bids_id_fk" FOREIGN KEY ("awarded_bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."lot_evaluations" ADD CONSTRAINT "lot_evaluations_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_scores" ADD CONSTRAINT "tender_scores_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_scores" ADD CONSTRAINT "tender_scores_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_scores" ADD CONSTRAINT "tender_scores_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_scores" ADD CONSTRAINT "tender_scores_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "jicai"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tender_scores_key" ON "jicai"."tender_scores" USING btree ("bid_id","expert_id");--> statement-breakpoint
CREATE INDEX "tender_scores_lot_idx" ON "jicai"."tender_scores" USING btree ("lot_id");