-- Checksums recorded on first fetch (trust on first use) of modules no checksum database may be asked about:
-- PRIVATE and NOSUMDB rules. Written once per (module, version, artifact), never updated: a later fetch with another
-- h1 is refused. See docs/checksums.md.
CREATE TABLE checksum_records (
    module      text COLLATE "C" NOT NULL,
    version     text COLLATE "C" NOT NULL,
    artifact    text COLLATE "C" NOT NULL CHECK (artifact IN ('mod', 'zip')),
    h1          text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (module, version, artifact)
);
