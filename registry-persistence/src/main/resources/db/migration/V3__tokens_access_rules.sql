-- API tokens and per-module access rules (docs/security.md). A token's secret is never stored: only its keyed hash
-- (HMAC-SHA-256 with the server's token hash key). Replicas keep an in-memory copy of both tables and reload it when
-- auth_state.stamp moves, so no request reads these tables.

CREATE TABLE api_tokens (
    -- the public part of mvt_<id>_<secret>: 16 hex digits
    id           text COLLATE "C" PRIMARY KEY,
    owner        text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('user', 'service')),
    scopes       text[]      NOT NULL CHECK (scopes <@ ARRAY['read', 'admin']::text[] AND cardinality(scopes) > 0),
    groups       text[]      NOT NULL,
    secret_hash  bytea       NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_by   text,
    revoked_at   timestamptz,
    -- written in batches (every modvault.auth.last-used-flush-interval), never per request; does not move the stamp
    last_used_at timestamptz
);

-- Grants a group read access to the PRIVATE modules matching a GOPRIVATE-style pattern.
CREATE TABLE access_rules (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_name text        NOT NULL,
    pattern    text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row; bumped in the same transaction as every token or access-rule change (not by last-used updates).
CREATE TABLE auth_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    stamp     bigint  NOT NULL
);
INSERT INTO auth_state (singleton, stamp) VALUES (true, 0);

-- Server keys generated on first use when none is configured, shared by every replica: 'token-hash' is the HMAC key
-- of api_tokens.secret_hash unless modvault.auth.token-hash-key is set.
CREATE TABLE auth_keys (
    name       text PRIMARY KEY,
    key        bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
