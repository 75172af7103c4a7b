CREATE TABLE "jicai"."ocds_records" (
	"ocid" text PRIMARY KEY NOT NULL,
	"process_kind" text NOT NULL,
	"process_id" uuid NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."ocds_release_head" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."ocds_releases" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"ocid" text NOT NULL,
	"release_id" text NOT NULL,
	"process_kind" text NOT NULL,
	"process_id" uuid NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"tag" text[] NOT NULL,
	"release" json NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ocds_records_process_idx" ON "jicai"."ocds_records" USING btree ("process_id");--> statement-breakpoint
CREATE INDEX "ocds_records_last_seq_idx" ON "jicai"."ocds_records" USING btree ("last_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "ocds_releases_ocid_release_idx" ON "jicai"."ocds_releases" USING btree ("ocid","release_id");--> statement-breakpoint
CREATE INDEX "ocds_releases_process_idx" ON "jicai"."ocds_releases" USING btree ("process_id","seq");--> statement-breakpoint
CREATE INDEX "ocds_releases_published_idx" ON "jicai"."ocds_releases" USING btree ("published_at");--> statement-breakpoint
-- Published releases are immutable (OCDS: what was published at a date reads the same forever): the
-- database itself refuses updates and deletes. Records (ocds_records) are the mutable index over them.
CREATE OR REPLACE FUNCTION jicai.ocds_releases_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ocds_releases is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ocds_releases_no_update BEFORE UPDATE OR DELETE ON jicai.ocds_releases
  FOR EACH ROW EXECUTE FUNCTION jicai.ocds_releases_append_only();
--> statement-breakpoint
-- TRUNCATE skips row triggers: refuse it with a statement trigger too.
CREATE TRIGGER ocds_releases_no_truncate BEFORE TRUNCATE ON jicai.ocds_releases
  FOR EACH STATEMENT EXECUTE FUNCTION jicai.ocds_releases_append_only();
--> statement-breakpoint
INSERT INTO jicai.ocds_release_head (id, seq) VALUES ('head', 0) ON CONFLICT DO NOTHING;
