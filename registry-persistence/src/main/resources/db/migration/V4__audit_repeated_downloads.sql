-- Repeated downloads: the audit writer may store identical cache-hit downloads (same caller, client, user agent,
-- module, version, artifact and status, seen within one write batch) as one row with the number of downloads and
-- the time of the last one (docs/audit.md). A row of one event keeps occurrences = 1 and last_occurred_at NULL.
ALTER TABLE audit_events
    ADD COLUMN occurrences integer NOT NULL DEFAULT 1,
    ADD COLUMN last_occurred_at timestamptz;
