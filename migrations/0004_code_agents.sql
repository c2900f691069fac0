CREATE TABLE "code_agent_versions" (
	"agent_id" text NOT NULL,
	"version" integer NOT NULL,
	"hash" text NOT NULL,
	"language" text NOT NULL,
	"entry" text NOT NULL,
	"files" jsonb NOT NULL,
	"input_schema" jsonb,
	"output_schema" jsonb,
	"runtime" text NOT NULL,
	"policy" jsonb NOT NULL,
	"changelog" text DEFAULT '' NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "code_agent_versions_agent_id_version_pk" PRIMARY KEY("agent_id","version")
);
--> statement-breakpoint
CREATE TABLE "code_agents" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"latest_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "code_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "code_agent_versions" ADD CONSTRAINT "code_agent_versions_agent_id_code_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."code_agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "code_agents_slug" ON "code_agents" USING btree ("slug");