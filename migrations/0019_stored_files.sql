CREATE TABLE "jicai"."stored_files" (
	"area" text NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_files_area_sha256_pk" PRIMARY KEY("area","sha256")
);
