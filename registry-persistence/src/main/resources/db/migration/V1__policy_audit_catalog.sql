-- Modvault's shared state: policy rules, the audit log, the catalog of cached versions, checksum-database tree heads.
-- Every replica uses the same database. See docs/audit.md for the audit log's design.

-- Policy rules ---------------------------------------------------------------------------------------------------

CREATE TABLE policy_rules (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind               text        NOT NULL CHECK (kind IN ('PRIVATE', 'NOSUMDB', 'DENY', 'ALLOW')),
    pattern            text        NOT NULL,
    version_constraint text,
    reason             text        NOT NULL,
    created_by         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_by         text        NOT NULL,
    updated_at         timestamptz NOT NULL,
    -- 1 when created, +1 on every update: the ETag of optimistic concurrency
    revision           bigint      NOT NULL
);

-- One row; its stamp is bumped in the same transaction as every rule change, so replicas poll one row each second.
CREATE TABLE policy_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    stamp     bigint  NOT NULL
);
INSERT INTO policy_state (singleton, stamp) VALUES (true, 0);

-- Catalog of cached module versions ------------------------------------------------------------------------------

-- "C" collation: byte order, the go command's own order for module paths, and cheap comparisons.
CREATE TABLE catalog_entries (
    module    text COLLATE "C" NOT NULL,
    version   text COLLATE "C" NOT NULL,
    artifact  text COLLATE "C" NOT NULL,
    size      bigint      NOT NULL,
    sha256    text        NOT NULL,
    h1        text,
    cached_at timestamptz NOT NULL,
    -- also serves exact lookups by module and the keyset "module > ?" walk of a blank search
    PRIMARY KEY (module, version, artifact)
);

-- "Contains" search (ILIKE '%q%') uses a trigram index where pg_trgm can be had (the embedded PostgreSQL and the
-- managed services ship it); without it the search walks the primary key, which is fine for a catalog's size.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX catalog_entries_module_trgm ON catalog_entries USING gin (module gin_trgm_ops);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_trgm not installed (%): catalog search scans by module order', SQLERRM;
        END;
    END IF;
END
$$;

-- Audit log ------------------------------------------------------------------------------------------------------

CREATE SEQUENCE audit_events_id_seq AS bigint CACHE 100;

-- Partitioned by day (UTC). Partitions are named audit_events_pYYYYMMDD and created ahead by the application
-- (AuditPartitions); there is deliberately no DEFAULT partition. Old days are dropped whole by retention.
-- The indexed text columns are only ever compared for equality: "C" collation keeps index maintenance cheap.
CREATE TABLE audit_events (
    id             bigint      NOT NULL DEFAULT nextval('audit_events_id_seq'),
    occurred_at    timestamptz NOT NULL,
    action         text COLLATE "C" NOT NULL,
    actor          text COLLATE "C",
    client_address text,
    user_agent     text,
    module         text COLLATE "C",
    version        text,
    artifact       text,
    status         integer,
    bytes          bigint,
    cache_hit      boolean,
    duration_ms    bigint,
    details        jsonb
) PARTITION BY RANGE (occurred_at);

ALTER SEQUENCE audit_events_id_seq OWNED BY audit_events.id;

-- Newest first with the (time, id) keyset of cursor pagination; each filter leads its own index so that a filtered
-- page is an index range scan too. Downloads are the bulk of the log, so the action index leaves them out (~20 %
-- more write throughput): a search for downloads walks the time index, where nearly every row matches, and a search
-- for the rarer actions uses the small partial index (JdbcAuditLog writes the action as a literal so the planner can
-- match the index's predicate).
CREATE INDEX audit_events_time_idx   ON audit_events (occurred_at DESC, id DESC);
CREATE INDEX audit_events_module_idx ON audit_events (module, occurred_at DESC, id DESC);
CREATE INDEX audit_events_actor_idx  ON audit_events (actor, occurred_at DESC, id DESC);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC, id DESC) WHERE action <> 'DOWNLOAD';

-- Batches the audit writer has committed, written in the same transaction as the batch's events: a batch whose
-- commit outcome was lost with the connection is recognised on retry and not written twice. Trimmed daily.
CREATE TABLE audit_batches (
    batch_id   uuid PRIMARY KEY,
    written_at timestamptz NOT NULL DEFAULT now()
);

-- Checksum databases ---------------------------------------------------------------------------------------------

-- The newest verified signed tree head per checksum database (e.g. sum.golang.org), for fork detection.
CREATE TABLE checksum_tree_heads (
    name       text PRIMARY KEY,
    size       bigint      NOT NULL,
    hash       text        NOT NULL,
    note       text        NOT NULL,
    updated_at timestamptz NOT NULL
);
