ALTER TABLE "jicai"."expert_affiliations" ADD COLUMN "organization_name" text;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD COLUMN "organization_uscc" text;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD COLUMN "status" text DEFAULT 'declared' NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD CONSTRAINT "expert_affiliations_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;