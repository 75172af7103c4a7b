ALTER TABLE "jicai"."orders" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
-- Orders approved before this column: an approval set decided_at and left the order placed; a return set
-- decided_at and cancelled it in the same step (cancelled_at = decided_at).
UPDATE "jicai"."orders" SET "approved_at" = "decided_at"
 WHERE "needs_approval" AND "decided_at" IS NOT NULL AND "status" <> 'pending_approval'
   AND "cancelled_at" IS DISTINCT FROM "decided_at";
