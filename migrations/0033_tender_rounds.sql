CREATE TABLE "jicai"."tender_final_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"submitted_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"commitment" text NOT NULL,
	"sealed" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"status_note" text,
	"price_fen" bigint,
	"opened_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"lodged_by" uuid,
	"grounds" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	"reply" text,
	"upheld" boolean,
	"answered_by_org_id" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_procedures" (
	"tender_id" uuid PRIMARY KEY NOT NULL,
	"stage" text,
	"round" integer DEFAULT 0 NOT NULL,
	"final_offer_deadline" timestamp with time zone,
	"final_seal_public_key" text,
	"final_seal_private_key_wrapped" text,
	"fewer_suppliers_case" text,
	"final_opened_at" timestamp with time zone,
	"final_record" jsonb,
	"single_source_reasons" text,
	"proposed_supplier_id" uuid,
	"negotiation_record" text,
	"agreed_price_fen" bigint,
	"price_reasons" text,
	"method_changed_from" text,
	"method_change_reason" text,
	"updated_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_requirement_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"after_round" integer NOT NULL,
	"text" text NOT NULL,
	"recipients" uuid[] NOT NULL,
	"announced_by" uuid,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_round_participants" (
	"tender_id" uuid NOT NULL,
	"supplier_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"reason" text,
	"left_after_round" integer,
	"changed_at" timestamp with time zone DEFAULT jicai.now() NOT NULL,
	CONSTRAINT "tender_round_participants_tender_id_supplier_id_pk" PRIMARY KEY("tender_id","supplier_id")
);
--> statement-breakpoint
CREATE TABLE "jicai"."tender_round_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"supplier_id" uuid NOT NULL,
	"notes" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT jicai.now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."tender_final_offers" ADD CONSTRAINT "tender_final_offers_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_final_offers" ADD CONSTRAINT "tender_final_offers_lot_id_tender_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "jicai"."tender_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_final_offers" ADD CONSTRAINT "tender_final_offers_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_final_offers" ADD CONSTRAINT "tender_final_offers_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_objections" ADD CONSTRAINT "tender_objections_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_objections" ADD CONSTRAINT "tender_objections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_objections" ADD CONSTRAINT "tender_objections_lodged_by_users_id_fk" FOREIGN KEY ("lodged_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_objections" ADD CONSTRAINT "tender_objections_answered_by_org_id_organizations_id_fk" FOREIGN KEY ("answered_by_org_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_procedures" ADD CONSTRAINT "tender_procedures_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_procedures" ADD CONSTRAINT "tender_procedures_proposed_supplier_id_organizations_id_fk" FOREIGN KEY ("proposed_supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_requirement_changes" ADD CONSTRAINT "tender_requirement_changes_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_requirement_changes" ADD CONSTRAINT "tender_requirement_changes_announced_by_users_id_fk" FOREIGN KEY ("announced_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_round_participants" ADD CONSTRAINT "tender_round_participants_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_round_participants" ADD CONSTRAINT "tender_round_participants_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_round_records" ADD CONSTRAINT "tender_round_records_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "jicai"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_round_records" ADD CONSTRAINT "tender_round_records_supplier_id_organizations_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."tender_round_records" ADD CONSTRAINT "tender_round_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tender_final_offers_key" ON "jicai"."tender_final_offers" USING btree ("lot_id","supplier_id");--> statement-breakpoint
CREATE INDEX "tender_final_offers_tender_idx" ON "jicai"."tender_final_offers" USING btree ("tender_id");--> statement-breakpoint
CREATE INDEX "tender_objections_tender_idx" ON "jicai"."tender_objections" USING btree ("tender_id");--> statement-breakpoint
CREATE INDEX "tender_requirement_changes_tender_idx" ON "jicai"."tender_requirement_changes" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_round_records_key" ON "jicai"."tender_round_records" USING btree ("tender_id","round","supplier_id");