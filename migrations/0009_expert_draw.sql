CREATE TABLE "jicai"."expert_affiliations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"organization_id" uuid,
	"person_name" text,
	"from_date" date,
	"to_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."expert_draws" (
	"tender_id" uuid PRIMARY KEY NOT NULL,
	"seed" text NOT NULL,
	"committee_size" integer NOT NULL,
	"specialty" text NOT NULL,
	"candidates" uuid[] NOT NULL,
	"excluded" jsonb NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"draw_position" integer NOT NULL,
	"status" text DEFAULT 'drawn' NOT NULL,
	"declined_reason" text,
	"declared_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."tenders" ADD COLUMN "category_code" text DEFAULT 'A' NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD CONSTRAINT "expert_affiliations_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "jicai"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_affiliations" ADD CONSTRAINT "expert_affiliations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_draws" ADD CONSTRAINT "expert_draws_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."expert_draws" ADD CONSTRAINT "expert_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_experts" ADD CONSTRAINT "tender_experts_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_experts" ADD CONSTRAINT "tender_experts_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "jicai"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "expert_affiliations_expert_idx" ON "jicai"."expert_affiliations" USING btree ("expert_id");--> statement-breakpoint
CREATE INDEX "expert_affiliations_org_idx" ON "jicai"."expert_affiliations" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_experts_key" ON "jicai"."tender_experts" USING btree ("tender_id","expert_id");