-- DeepSync / Orleans: the OrleansQuery catalogue every ADO.NET provider reads at startup.
-- Each provider looks up its SQL here by key; the later migrations fill in the rows.

-- Identifiers are left unquoted on purpose: PostgreSQL folds them to lower case,
-- which is how the Orleans providers and the functions in later scripts refer to them.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
