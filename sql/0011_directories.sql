-- Operator read models kept in step by the grains: one row per node and one per subscription.
-- A row is replaced only by a newer version, so out-of-order writes cannot roll it back.

CREATE TABLE IF NOT EXISTS node_directory (
    node_id           uuid        PRIMARY KEY,
    owner_id          uuid        NOT NULL,
    owner_email       text        NOT NULL,
    tier_id           text        NOT NULL,
    name              text        NOT NULL,
    callsign          text        NOT NULL,
    lifecycle         text        NOT NULL,
    suspension_reason text        NULL,
    suspended         boolean     GENERATED ALWAYS AS (suspension_reason IS NOT NULL) STORED,
    suspended_at      timestamptz NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           bigint      NOT NULL
);

-- Every sort order the directory offers pages on an index (with node_id as the tie-breaker).
CREATE INDEX IF NOT EXISTS ix_node_directory_created ON node_directory (created_at, node_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_updated ON node_directory (updated_at, node_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_name ON node_directory (name, node_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_owner_email ON node_directory (owner_email, node_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_owner ON node_directory (owner_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_lifecycle ON node_directory (lifecycle, node_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_tier ON node_directory (tier_id, node_id);
CREATE INDEX IF NOT EXISTS ix_node_directory_suspended ON node_directory (suspended_at, node_id) WHERE suspended;

CREATE TABLE IF NOT EXISTS subscription_directory (
    user_id      uuid        PRIMARY KEY,
    email        text        NOT NULL,
    tier_id      text        NOT NULL,
    status       text        NOT NULL,
    period_start timestamptz NOT NULL,
    period_end   timestamptz NOT NULL,
    node_count   integer     NOT NULL,
    version      bigint      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS ix_subscription_directory_tier ON subscription_directory (tier_id);
CREATE INDEX IF NOT EXISTS ix_subscription_directory_email ON subscription_directory (lower(email));
