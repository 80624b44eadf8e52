-- DeepSync / Orleans: grain state storage for the ADO.NET persistence provider.
-- Creates the storage table, its lookup index, the write function and the storage query rows.

------------------------------------------------------------------------------
-- Table
--
-- A grain is identified by (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1,
-- GrainIdExtensionString); the two hashes only narrow the index lookup.
-- Version is the grain's ETag: it starts at 1 and goes up by one per write.
------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage
    ON OrleansStorage USING btree (GrainIdHash, GrainTypeHash);

------------------------------------------------------------------------------
-- Write function
--
-- With no expected version the grain has never been stored: insert version 1,
-- unless a row appeared meanwhile. With an expected version, update only if the
-- stored version still matches. The result is the new version on success; on a
-- conflict it is the version passed in (NULL for a failed first insert), which
-- the provider reports as an inconsistent-state error.
-- Parameter and result names are kept stable so CREATE OR REPLACE keeps working.
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        character varying,
    _grainidextensionstring character varying,
    _serviceid              character varying,
    _grainstateversion      integer,
    _payloadbinary          bytea)
RETURNS TABLE (newgrainstateversion integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage AS s
           SET PayloadBinary = _payloadbinary,
               ModifiedOn    = now(),
               Version       = s.Version + 1
         WHERE s.GrainIdHash     = _grainidhash
           AND s.GrainTypeHash   = _graintypehash
           AND s.GrainIdN0       = _grainidn0
           AND s.GrainIdN1       = _grainidn1
           AND s.GrainTypeString = _graintypestring
           AND s.GrainIdExtensionString IS NOT DISTINCT FROM _grainidextensionstring
           AND s.ServiceId       = _serviceid
           AND s.Version         = _grainstateversion;

        GET DIAGNOSTICS affected = ROW_COUNT;

        RETURN QUERY
            SELECT CASE WHEN affected > 0 THEN _grainstateversion + 1
                        ELSE _grainstateversion END;
    ELSE
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring,
               _grainidextensionstring, _serviceid, _payloadbinary, now(), 1
        WHERE NOT EXISTS
        (
            SELECT 1
            FROM OrleansStorage AS s
            WHERE s.GrainIdHash     = _grainidhash
              AND s.GrainTypeHash   = _graintypehash
              AND s.GrainIdN0       = _grainidn0
              AND s.GrainIdN1       = _grainidn1
              AND s.GrainTypeString = _graintypestring
              AND s.GrainIdExtensionString IS NOT DISTINCT FROM _grainidextensionstring
              AND s.ServiceId       = _serviceid
        );

        GET DIAGNOSTICS affected = ROW_COUNT;

        RETURN QUERY
            SELECT CASE WHEN affected > 0 THEN 1 ELSE NULL::integer END;
    END IF;
END
$$;

------------------------------------------------------------------------------
-- Query rows
------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey', $$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash     = @GrainIdHash
      AND GrainTypeHash   = @GrainTypeHash
      AND GrainIdN0       = @GrainIdN0
      AND GrainIdN1       = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId       = @ServiceId;
$$
),
(
    'WriteToStorageKey', $$
    SELECT newgrainstateversion
    FROM writetostorage(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$$
),
(
    -- Default "clear": keep the row as a tombstone with no payload and a new version.
    'ClearStorageKey', $$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn    = now(),
           Version       = Version + 1
     WHERE GrainIdHash     = @GrainIdHash
       AND GrainTypeHash   = @GrainTypeHash
       AND GrainIdN0       = @GrainIdN0
       AND GrainIdN1       = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId       = @ServiceId
       AND Version         = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$$
),
(
    -- "Clear" when the provider runs with DeleteStateOnClear = true: remove the row.
    'DeleteStorageKey', $$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash     = @GrainIdHash
       AND GrainTypeHash   = @GrainTypeHash
       AND GrainIdN0       = @GrainIdN0
       AND GrainIdN1       = @GrainIdN1
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND ServiceId       = @ServiceId
       AND Version         = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
$$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
