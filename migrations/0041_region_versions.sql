ALTER TABLE "jicai"."regions" ADD COLUMN "valid_from" date DEFAULT '1980-01-01' NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."regions" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "jicai"."regions" ADD COLUMN "successor_code" text;--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "jicai"."regions" USING btree ("parent_code");