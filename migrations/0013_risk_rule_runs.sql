CREATE TABLE "jicai"."risk_rule_runs" (
	"rule" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"candidates" integer NOT NULL,
	"raised" integer NOT NULL
);
