ALTER TABLE "jicai"."clock" ADD COLUMN "sandbox_accelerator" integer;--> statement-breakpoint
ALTER TABLE "jicai"."clock" ADD COLUMN "mode_recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jicai"."clock" ADD CONSTRAINT "clock_sandbox_accelerator" CHECK ("jicai"."clock"."sandbox_accelerator" is null or "jicai"."clock"."sandbox_accelerator" >= 2);