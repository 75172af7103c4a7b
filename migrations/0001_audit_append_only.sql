-- The audit chain is append-only: the database itself refuses updates and deletes of entries.
CREATE OR REPLACE FUNCTION jicai.audit_entries_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON jicai.audit_entries
  FOR EACH ROW EXECUTE FUNCTION jicai.audit_entries_append_only();
--> statement-breakpoint
INSERT INTO jicai.audit_head (id, seq, hash) VALUES ('head', 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
