ALTER TABLE "jicai"."orders" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."orders" ADD COLUMN "acceptance_comment" text;