ALTER TABLE "jicai"."auction_registrations" ALTER COLUMN "deposit_status" SET DEFAULT 'pending';--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD COLUMN "replacement" text;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD COLUMN "replaces_asset_id" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD COLUMN "deposit_bank_ref" text;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD COLUMN "deposit_received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD COLUMN "deposit_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD COLUMN "deposit_recorded_by" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD COLUMN "deposit_source" text;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD COLUMN "deposit_settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."order_lines" ADD CONSTRAINT "order_lines_replaces_asset_id_assets_id_fk" FOREIGN KEY ("replaces_asset_id") REFERENCES "jicai"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD CONSTRAINT "auction_registrations_deposit_recorded_by_users_id_fk" FOREIGN KEY ("deposit_recorded_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;