-- Code agent versions and file blobs are history: refuse to rewrite them (switchyard_refuse_update is from 0001).
CREATE TRIGGER code_agent_versions_immutable BEFORE UPDATE ON code_agent_versions
  FOR EACH ROW EXECUTE FUNCTION switchyard_refuse_update();
--> statement-breakpoint
CREATE TRIGGER code_blobs_immutable BEFORE UPDATE ON code_blobs
  FOR EACH ROW EXECUTE FUNCTION switchyard_refuse_update();
