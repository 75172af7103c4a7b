CREATE SCHEMA IF NOT EXISTS "jicai";--> statement-breakpoint
CREATE TYPE "jicai"."admin_level" AS ENUM('central', 'provincial', 'municipal', 'county');--> statement-breakpoint
CREATE TYPE "jicai"."org_kind" AS ENUM('purchasing_unit', 'supplier', 'procurement_center', 'regulator', 'platform');--> statement-breakpoint
CREATE TYPE "jicai"."size_class" AS ENUM('large', 'medium', 'small', 'micro');--> statement-breakpoint
CREATE TYPE "jicai"."green_policy" AS ENUM('mandatory', 'priority', 'none');--> statement-breakpoint
CREATE TYPE "jicai"."expert_status" AS ENUM('active', 'suspended', 'removed');--> statement-breakpoint
CREATE TABLE "jicai"."login_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "jicai"."org_kind" NOT NULL,
	"name" text NOT NULL,
	"uscc" text,
	"region_code" text NOT NULL,
	"admin_level" "jicai"."admin_level",
	"unit_type" text,
	"size_class" "jicai"."size_class",
	"industry" text,
	"sme_treatment" text,
	"legal_representative" text,
	"address" text,
	"phone" text,
	"approval_threshold_fen" bigint,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_supplier_fields" CHECK ("jicai"."organizations"."kind" <> 'supplier' or ("jicai"."organizations"."uscc" is not null and "jicai"."organizations"."size_class" is not null))
);
--> statement-breakpoint
CREATE TABLE "jicai"."regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"level" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "jicai"."users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"phone" text,
	"email" text,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"fund_source" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reserved_fen" bigint DEFAULT 0 NOT NULL,
	"spent_fen" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_lines_within_amount" CHECK ("jicai"."budget_lines"."reserved_fen" >= 0 and "jicai"."budget_lines"."spent_fen" >= 0 and "jicai"."budget_lines"."reserved_fen" + "jicai"."budget_lines"."spent_fen" <= "jicai"."budget_lines"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "jicai"."categories" (
	"code" text PRIMARY KEY NOT NULL,
	"parent_code" text,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"level" integer NOT NULL,
	"green_policy" "jicai"."green_policy" DEFAULT 'none' NOT NULL,
	"requires_framework" boolean DEFAULT false NOT NULL,
	"reference_price_fen" bigint,
	"allocation_cap_fen" bigint,
	"allocation_min_years" integer,
	"spec_schema" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"employer" text NOT NULL,
	"employer_uscc" text,
	"specialties" text[] NOT NULL,
	"region_code" text NOT NULL,
	"status" "jicai"."expert_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"is_workday" boolean NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."policy_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"region_code" text DEFAULT '' NOT NULL,
	"value" jsonb NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"basis" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."audit_entries" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_org_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."audit_head" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jicai"."scheduled_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jicai"."organizations" ADD CONSTRAINT "organizations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "jicai"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."users" ADD CONSTRAINT "users_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."budget_lines" ADD CONSTRAINT "budget_lines_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "jicai"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."experts" ADD CONSTRAINT "experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "jicai"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jicai"."experts" ADD CONSTRAINT "experts_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "jicai"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "login_attempts_user_idx" ON "jicai"."login_attempts" USING btree ("username","created_at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_idx" ON "jicai"."login_attempts" USING btree ("ip","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_uscc_key" ON "jicai"."organizations" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "organizations_kind_idx" ON "jicai"."organizations" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "jicai"."sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "jicai"."sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "jicai"."users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "jicai"."users" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_lines_org_code_key" ON "jicai"."budget_lines" USING btree ("organization_id","fiscal_year","code");--> statement-breakpoint
CREATE INDEX "budget_lines_org_idx" ON "jicai"."budget_lines" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "jicai"."categories" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_user_key" ON "jicai"."experts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "experts_status_idx" ON "jicai"."experts" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_values_key_region_from" ON "jicai"."policy_values" USING btree ("key","region_code","effective_from");--> statement-breakpoint
CREATE INDEX "policy_values_key_idx" ON "jicai"."policy_values" USING btree ("key");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "jicai"."audit_entries" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_org_idx" ON "jicai"."audit_entries" USING btree ("actor_org_id");--> statement-breakpoint
CREATE INDEX "scheduled_jobs_pending_idx" ON "jicai"."scheduled_jobs" USING btree ("status","run_at");