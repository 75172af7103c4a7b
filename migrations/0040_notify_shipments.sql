CREATE TABLE "jicai"."order_shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"carrier" text NOT NULL,
	"waybill_no" text NOT NULL,
	"items" jsonb NOT NULL,
	"note" text,
	"shipped_by" uuid NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"delivered_by" uuid,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."notification_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"email" text,
	"email_topics" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."notifications" ADD COLUMN "email_state" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "jicai"."order_shipments" ADD CONSTRAINT "order_shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "jicai"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."order_shipments" ADD CONSTRAINT "order_shipments_shipped_by_users_id_fk" FOREIGN KEY ("shipped_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."order_shipments" ADD CONSTRAINT "order_shipments_delivered_by_users_id_fk" FOREIGN KEY ("delivered_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."notification_settings" ADD CONSTRAINT "notification_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_shipments_seq_key" ON "jicai"."order_shipments" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "notifications_email_pending_idx" ON "jicai"."notifications" USING btree ("created_at") WHERE "jicai"."notifications"."email_state" = 'pending';--> statement-breakpoint
UPDATE "jicai"."notifications" SET "email_state" = 'none';