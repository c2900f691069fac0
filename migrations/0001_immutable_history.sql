-- Saved workflow versions and run events are history: refuse to rewrite them.
CREATE OR REPLACE FUNCTION switchyard_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER workflow_versions_immutable BEFORE UPDATE ON workflow_versions
  FOR EACH ROW EXECUTE FUNCTION switchyard_refuse_update();
--> statement-breakpoint
CREATE TRIGGER run_events_append_only BEFORE UPDATE ON run_events
  FOR EACH ROW EXECUTE FUNCTION switchyard_refuse_update();
