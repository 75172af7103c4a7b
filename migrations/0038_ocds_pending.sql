CREATE TABLE "jicai"."ocds_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jicai"."ocds_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ocid" text NOT NULL,
	"release_id" text NOT NULL,
	"process_kind" text NOT NULL,
	"process_id" uuid NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"release" json NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ocds_pending_ocid_release_idx" ON "jicai"."ocds_pending" USING btree ("ocid","release_id");