CREATE TABLE "jicai"."bid_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"passed" boolean NOT NULL,
	"reason" text,
	"automatic" boolean DEFAULT false NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."report_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"agrees" boolean NOT NULL,
	"dissent" text,
	"signed_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."tender_lots" ADD COLUMN "category_code" text;--> statement-breakpoint
ALTER TABLE "jicai"."tender_scores" ADD COLUMN "reasons" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."bid_reviews" ADD CONSTRAINT "bid_reviews_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_reviews" ADD CONSTRAINT "bid_reviews_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_reviews" ADD CONSTRAINT "bid_reviews_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_reviews" ADD CONSTRAINT "bid_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."report_signatures" ADD CONSTRAINT "report_signatures_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."report_signatures" ADD CONSTRAINT "report_signatures_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."report_signatures" ADD CONSTRAINT "report_signatures_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "jicai"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bid_reviews_stage_key" ON "jicai"."bid_reviews" USING btree ("bid_id","stage");--> statement-breakpoint
CREATE INDEX "bid_reviews_lot_idx" ON "jicai"."bid_reviews" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_signatures_key" ON "jicai"."report_signatures" USING btree ("lot_id","expert_id");