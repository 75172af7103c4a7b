DROP INDEX "jicai"."search_listings_price_idx";--> statement-breakpoint
CREATE INDEX "search_listings_activated_idx" ON "jicai"."search_listings" USING btree ("activated_at","listing_id");--> statement-breakpoint
CREATE INDEX "search_listings_price_idx" ON "jicai"."search_listings" USING btree ("price_fen","listing_id");