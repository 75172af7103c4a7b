CREATE TABLE "jicai"."audit_checkpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jicai"."audit_checkpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"prev_seq" bigint NOT NULL,
	"span" text NOT NULL,
	"reason" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_checkpoints_seq_idx" ON "jicai"."audit_checkpoints" USING btree ("seq");--> statement-breakpoint
-- Checkpoints are append-only like the entries they sign.
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON jicai.audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION jicai.audit_entries_append_only();
