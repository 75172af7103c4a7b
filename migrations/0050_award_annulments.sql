CREATE TABLE "jicai"."tender_award_annulments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"awarded_at" timestamp with time zone NOT NULL,
	"annulled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."tender_award_annulments" ADD CONSTRAINT "tender_award_annulments_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_award_annulments" ADD CONSTRAINT "tender_award_annulments_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_award_annulments" ADD CONSTRAINT "tender_award_annulments_complaint_id_tender_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "jicai"."tender_complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_award_annulments" ADD CONSTRAINT "tender_award_annulments_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tender_award_annulments_tender_idx" ON "jicai"."tender_award_annulments" USING btree ("tender_id","annulled_at");