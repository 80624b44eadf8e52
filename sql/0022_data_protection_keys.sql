-- ASP.NET Core Data Protection key ring, shared by every web instance of the cluster: sign-in
-- cookies, antiforgery tokens and e-mail links made by one instance are readable by the others and
-- survive restarts.

CREATE TABLE IF NOT EXISTS data_protection_keys (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL UNIQUE,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
