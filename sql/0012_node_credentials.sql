-- Each node's credential for calling the control plane: only a SHA-256 hash of the secret is kept.
-- Issuing replaces the previous secret (rotation); revoking stamps revoked_at.

CREATE TABLE IF NOT EXISTS node_credentials (
    node_id     uuid        PRIMARY KEY,
    secret_hash bytea       NOT NULL,
    issued_at   timestamptz NOT NULL,
    revoked_at  timestamptz NULL
);
