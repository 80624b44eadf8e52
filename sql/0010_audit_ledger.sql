-- The append-only audit ledger: node created, renamed, suspended, resumed, tier changes, strikes.
-- The database itself refuses UPDATE, DELETE and TRUNCATE, whoever asks.

CREATE TABLE IF NOT EXISTS audit_ledger (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id       uuid        NOT NULL UNIQUE,
    occurred_at    timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    action         text        NOT NULL,
    initiator_kind text        NOT NULL,
    initiator_id   text        NOT NULL,
    initiator_name text        NOT NULL,
    node_id        uuid        NULL,
    user_id        uuid        NULL,
    details        jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX IF NOT EXISTS ix_audit_ledger_occurred ON audit_ledger (occurred_at DESC, seq DESC);
CREATE INDEX IF NOT EXISTS ix_audit_ledger_node ON audit_ledger (node_id, occurred_at DESC) WHERE node_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_audit_ledger_user ON audit_ledger (user_id, occurred_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_audit_ledger_action ON audit_ledger (action, occurred_at DESC);

CREATE OR REPLACE FUNCTION audit_ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_ledger is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE OR REPLACE TRIGGER audit_ledger_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_ledger
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_refuse_change();

CREATE OR REPLACE TRIGGER audit_ledger_no_truncate
    BEFORE TRUNCATE ON audit_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION audit_ledger_refuse_change();
