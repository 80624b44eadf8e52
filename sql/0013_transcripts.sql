-- Conversation history of every node: one row per user message and per completed reply.
-- A line is identified by node, idempotency key and role, so re-recording it changes nothing.

CREATE TABLE IF NOT EXISTS transcripts (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id         uuid        NOT NULL,
    channel         text        NOT NULL,
    idempotency_key text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('user', 'assistant')),
    sender          text        NOT NULL,
    body            text        NOT NULL,
    at              timestamptz NOT NULL,
    UNIQUE (node_id, idempotency_key, role)
);

CREATE INDEX IF NOT EXISTS ix_transcripts_node ON transcripts (node_id, seq DESC);
CREATE INDEX IF NOT EXISTS ix_transcripts_node_channel ON transcripts (node_id, channel, seq DESC);
CREATE INDEX IF NOT EXISTS ix_transcripts_node_day ON transcripts (node_id, at);
