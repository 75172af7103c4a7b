CREATE TABLE "jicai"."tender_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"lodged_by" uuid,
	"grounds" text NOT NULL,
	"lodged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reply_due" timestamp with time zone NOT NULL,
	"reply" text,
	"upheld" boolean,
	"replied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_no" text NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"price_fen" bigint NOT NULL,
	"signed_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD COLUMN "award_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD COLUMN "challenge_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."tender_challenges" ADD CONSTRAINT "tender_challenges_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_challenges" ADD CONSTRAINT "tender_challenges_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_challenges" ADD CONSTRAINT "tender_challenges_lodged_by_users_id_fk" FOREIGN KEY ("lodged_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD CONSTRAINT "tender_contracts_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD CONSTRAINT "tender_contracts_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD CONSTRAINT "tender_contracts_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD CONSTRAINT "tender_contracts_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD CONSTRAINT "tender_contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tender_challenges_tender_idx" ON "jicai"."tender_challenges" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_contracts_lot_key" ON "jicai"."tender_contracts" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_contracts_no_key" ON "jicai"."tender_contracts" USING btree ("contract_no");