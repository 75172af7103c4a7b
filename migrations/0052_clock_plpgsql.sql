-- The platform clock's two functions in PL/pgSQL (#18). As SQL functions with a subquery they could not be
-- inlined, so every statement that called one (a column default, a deadline comparison) planned its body
-- again: 7 to 11 plans an e-mall order, a tenth of the database's time per order. PL/pgSQL keeps the
-- body's plan for the session. Same values: PostgreSQL's own clocks plus the one shared offset.
CREATE OR REPLACE FUNCTION jicai.now() RETURNS timestamp with time zone LANGUAGE plpgsql STABLE PARALLEL SAFE AS
$$ BEGIN RETURN now() + coalesce((SELECT offset_ms FROM jicai.clock WHERE id), 0) * interval '1 millisecond'; END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jicai.clock_timestamp() RETURNS timestamp with time zone LANGUAGE plpgsql VOLATILE PARALLEL SAFE AS
$$ BEGIN RETURN clock_timestamp() + coalesce((SELECT offset_ms FROM jicai.clock WHERE id), 0) * interval '1 millisecond'; END $$;
