CREATE TYPE "jicai"."asset_status" AS ENUM('registered', 'offered', 'reallocated', 'in_auction', 'sold', 'written_off');--> statement-breakpoint
CREATE TYPE "jicai"."lot_status" AS ENUM('open', 'sold', 'failed', 'paid', 'defaulted', 'cancelled');--> statement-breakpoint
CREATE TABLE "jicai"."asset_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"actor_id" uuid,
	"note" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."asset_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_no" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"category_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"original_value_fen" bigint NOT NULL,
	"net_value_fen" bigint NOT NULL,
	"acquired_on" date NOT NULL,
	"condition" text NOT NULL,
	"location" text NOT NULL,
	"status" "jicai"."asset_status" DEFAULT 'registered' NOT NULL,
	"offered_until" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assets_values" CHECK ("jicai"."assets"."quantity" > 0 and "jicai"."assets"."original_value_fen" >= 0 and "jicai"."assets"."net_value_fen" >= 0 and "jicai"."assets"."net_value_fen" <= "jicai"."assets"."original_value_fen")
);
--> statement-breakpoint
CREATE TABLE "jicai"."reallocation_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"requesting_org_id" uuid NOT NULL,
	"requested_by" uuid,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."auction_bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"ends_at_after" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."auction_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_no" text NOT NULL,
	"asset_id" uuid NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"previous_lot_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"viewing_info" text NOT NULL,
	"appraisal_fen" bigint NOT NULL,
	"start_price_fen" bigint NOT NULL,
	"reserve_price_fen" bigint NOT NULL,
	"increment_fen" bigint NOT NULL,
	"deposit_fen" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"original_ends_at" timestamp with time zone NOT NULL,
	"extension_window_minutes" integer NOT NULL,
	"extension_minutes" integer NOT NULL,
	"status" "jicai"."lot_status" DEFAULT 'open' NOT NULL,
	"current_price_fen" bigint,
	"leading_bid_id" uuid,
	"leading_registration_id" uuid,
	"bid_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"winner_org_id" uuid,
	"closed_at" timestamp with time zone,
	"result_note" text,
	"pay_deadline" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auction_lots_prices" CHECK ("jicai"."auction_lots"."start_price_fen" > 0 and "jicai"."auction_lots"."increment_fen" > 0 and "jicai"."auction_lots"."deposit_fen" >= 0 and "jicai"."auction_lots"."reserve_price_fen" >= 0 and "jicai"."auction_lots"."ends_at" > "jicai"."auction_lots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "jicai"."auction_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lot_id" uuid NOT NULL,
	"bidder_org_id" uuid NOT NULL,
	"registered_by" uuid,
	"bidder_code" text NOT NULL,
	"deposit_fen" bigint NOT NULL,
	"deposit_ref" text NOT NULL,
	"deposit_status" text DEFAULT 'paid' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."asset_events" ADD CONSTRAINT "asset_events_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "jicai"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."asset_events" ADD CONSTRAINT "asset_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."asset_events" ADD CONSTRAINT "asset_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."asset_photos" ADD CONSTRAINT "asset_photos_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "jicai"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."assets" ADD CONSTRAINT "assets_owner_org_id_organizations_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."assets" ADD CONSTRAINT "assets_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "jicai"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."assets" ADD CONSTRAINT "assets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."reallocation_requests" ADD CONSTRAINT "reallocation_requests_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "jicai"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."reallocation_requests" ADD CONSTRAINT "reallocation_requests_requesting_org_id_organizations_id_fk" FOREIGN KEY ("requesting_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."reallocation_requests" ADD CONSTRAINT "reallocation_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."reallocation_requests" ADD CONSTRAINT "reallocation_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_bids" ADD CONSTRAINT "auction_bids_lot_id_auction_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."auction_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_bids" ADD CONSTRAINT "auction_bids_registration_id_auction_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "jicai"."auction_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_lots" ADD CONSTRAINT "auction_lots_asset_id_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "jicai"."assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_lots" ADD CONSTRAINT "auction_lots_winner_org_id_organizations_id_fk" FOREIGN KEY ("winner_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_lots" ADD CONSTRAINT "auction_lots_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD CONSTRAINT "auction_registrations_lot_id_auction_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."auction_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD CONSTRAINT "auction_registrations_bidder_org_id_organizations_id_fk" FOREIGN KEY ("bidder_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."auction_registrations" ADD CONSTRAINT "auction_registrations_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "asset_events_asset_idx" ON "jicai"."asset_events" USING btree ("asset_id","at");--> statement-breakpoint
CREATE INDEX "asset_photos_asset_idx" ON "jicai"."asset_photos" USING btree ("asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assets_no_key" ON "jicai"."assets" USING btree ("asset_no");--> statement-breakpoint
CREATE INDEX "assets_owner_idx" ON "jicai"."assets" USING btree ("owner_org_id","created_at");--> statement-breakpoint
CREATE INDEX "assets_status_idx" ON "jicai"."assets" USING btree ("status","category_code");--> statement-breakpoint
CREATE UNIQUE INDEX "reallocation_requests_one_per_unit" ON "jicai"."reallocation_requests" USING btree ("asset_id","requesting_org_id");--> statement-breakpoint
CREATE INDEX "reallocation_requests_status_idx" ON "jicai"."reallocation_requests" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_bids_seq_key" ON "jicai"."auction_bids" USING btree ("lot_id","seq");--> statement-breakpoint
CREATE INDEX "auction_bids_registration_idx" ON "jicai"."auction_bids" USING btree ("registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_lots_no_key" ON "jicai"."auction_lots" USING btree ("lot_no");--> statement-breakpoint
CREATE INDEX "auction_lots_status_idx" ON "jicai"."auction_lots" USING btree ("status","ends_at");--> statement-breakpoint
CREATE INDEX "auction_lots_asset_idx" ON "jicai"."auction_lots" USING btree ("asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_registrations_bidder_key" ON "jicai"."auction_registrations" USING btree ("lot_id","bidder_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auction_registrations_code_key" ON "jicai"."auction_registrations" USING btree ("lot_id","bidder_code");
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "jicai"."asset_no_seq";
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "jicai"."lot_no_seq";
