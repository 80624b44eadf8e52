-- Where archival passages added through DeepSync came from: channel, message, author, time.
-- Passages the agent stores on its own have no row here.

CREATE TABLE IF NOT EXISTS archival_provenance (
    node_id     uuid        NOT NULL,
    passage_id  text        NOT NULL,
    channel     text        NOT NULL,
    message_key text        NULL,
    author      text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (node_id, passage_id)
);
