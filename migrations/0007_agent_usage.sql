ALTER TABLE "code_exec_logs" ADD COLUMN "agent_id" text;--> statement-breakpoint
ALTER TABLE "code_exec_logs" ADD COLUMN "agent_version" integer;--> statement-breakpoint
CREATE INDEX "code_exec_logs_agent_time" ON "code_exec_logs" USING btree ("agent_id","created_at");