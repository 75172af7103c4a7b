CREATE TABLE "jicai"."bid_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sealed_sha256" text NOT NULL,
	"opened_sha256" text,
	"opened_at" timestamp with time zone,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_document_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"filename" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."product_images" ADD COLUMN "thumb_sha256" text;--> statement-breakpoint
ALTER TABLE "jicai"."bid_files" ADD CONSTRAINT "bid_files_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_files" ADD CONSTRAINT "bid_files_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_files" ADD CONSTRAINT "bid_files_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "jicai"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_files" ADD CONSTRAINT "bid_files_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."bid_files" ADD CONSTRAINT "bid_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_document_files" ADD CONSTRAINT "tender_document_files_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_document_files" ADD CONSTRAINT "tender_document_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bid_files_tender_idx" ON "jicai"."bid_files" USING btree ("tender_id","supplier_id");--> statement-breakpoint
CREATE INDEX "bid_files_bid_idx" ON "jicai"."bid_files" USING btree ("bid_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_document_files_version_key" ON "jicai"."tender_document_files" USING btree ("tender_id","version");