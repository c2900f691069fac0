CREATE TABLE "code_exec_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"workflow_id" text,
	"run_id" text,
	"node_id" text,
	"runtime" text NOT NULL,
	"backend" text NOT NULL,
	"language" text NOT NULL,
	"cold" boolean NOT NULL,
	"duration_ms" integer NOT NULL,
	"peak_memory_bytes" bigint,
	"status" text NOT NULL,
	"bytes_out" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "code_exec_logs_runtime_time" ON "code_exec_logs" USING btree ("runtime","created_at");