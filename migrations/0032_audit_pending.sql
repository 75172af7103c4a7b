CREATE TABLE "jicai"."audit_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jicai"."audit_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_org_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
-- Pending entries are never edited: they leave only by being chained (deleted by the sequencer).
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON jicai.audit_pending
  FOR EACH ROW EXECUTE FUNCTION jicai.audit_entries_append_only();
