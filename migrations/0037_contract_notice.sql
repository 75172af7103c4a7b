ALTER TABLE "jicai"."tender_contracts" ADD COLUMN "amount_reason" text;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD COLUMN "document_sha256" text;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD COLUMN "document_filename" text;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD COLUMN "document_size_bytes" integer;--> statement-breakpoint
ALTER TABLE "jicai"."tender_contracts" ADD COLUMN "published_at" timestamp with time zone;