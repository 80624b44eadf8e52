-- Account e-mail held for operators when no SMTP relay is configured (read at /ops/outbox).

CREATE TABLE IF NOT EXISTS email_outbox (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    recipient  text        NOT NULL,
    subject    text        NOT NULL,
    body       text        NOT NULL,
    action_url text        NULL
);

CREATE INDEX IF NOT EXISTS ix_email_outbox_recipient ON email_outbox (lower(recipient), id DESC);
