-- Ledger entries PostgreSQL cannot hold as written (U+0000 and lone surrogates: text and jsonb refuse
-- them). The ledger publisher sets such an entry aside here, escaped into plain ASCII so nothing is
-- lost, records a scrubbed copy in audit_ledger, and carries on with the entries behind it.
-- Append-only like the ledger itself.

CREATE TABLE IF NOT EXISTS audit_dead_letters (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id    uuid        NOT NULL UNIQUE,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    action      text        NOT NULL,
    node_id     uuid        NULL,
    user_id     uuid        NULL,
    problem     text        NOT NULL,
    payload     text        NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_audit_dead_letters_recorded ON audit_dead_letters (recorded_at DESC, seq DESC);

CREATE OR REPLACE TRIGGER audit_dead_letters_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_dead_letters
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_refuse_change();

CREATE OR REPLACE TRIGGER audit_dead_letters_no_truncate
    BEFORE TRUNCATE ON audit_dead_letters
    FOR EACH STATEMENT EXECUTE FUNCTION audit_ledger_refuse_change();
