CREATE TABLE "jicai"."saved_filters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"list_key" text NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."saved_filters" ADD CONSTRAINT "saved_filters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_filters_user_list_name_key" ON "jicai"."saved_filters" USING btree ("user_id","list_key","name");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "jicai"."orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_purchaser_total_idx" ON "jicai"."orders" USING btree ("purchaser_org_id","total_fen");--> statement-breakpoint
CREATE INDEX "tenders_created_idx" ON "jicai"."tenders" USING btree ("created_at");