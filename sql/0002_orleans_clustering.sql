-- DeepSync / Orleans: cluster membership storage for the ADO.NET clustering provider.
-- Creates the membership tables, their helper functions and every membership query row.

------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------

-- One row per cluster (DeploymentId = Orleans ClusterId). Version is the
-- optimistic-concurrency token: every membership change must bump it.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address + port + generation).
-- Status holds the numeric Orleans SiloStatus (3 = Active, 6 = Dead).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId
        PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

------------------------------------------------------------------------------
-- Functions
--
-- Parameter names and result column names are kept stable so that
-- CREATE OR REPLACE also works on databases that already have them.
-- The two-step writes raise 'assert_failure' themselves (rather than relying
-- on ASSERT, which can be switched off) and catch it in an inner block, so a
-- failed step undoes the version bump and the caller just sees row_count = 0.
------------------------------------------------------------------------------

-- Heartbeat: each silo only ever touches its own row.
CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id   OrleansMembershipTable.DeploymentId%TYPE,
    address_arg     OrleansMembershipTable.Address%TYPE,
    port_arg        OrleansMembershipTable.Port%TYPE,
    generation_arg  OrleansMembershipTable.Generation%TYPE,
    i_am_alive_time OrleansMembershipTable.IAmAliveTime%TYPE)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE OrleansMembershipTable AS m
       SET IAmAliveTime = i_am_alive_time
     WHERE m.DeploymentId = deployment_id
       AND m.Address      = address_arg
       AND m.Port         = port_arg
       AND m.Generation   = generation_arg;
END
$$;

-- Creates the version row of a cluster; row_count = 1 if it was created,
-- 0 if it was already there.
CREATE OR REPLACE FUNCTION insert_membership_version(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    inserted integer := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (DeploymentIdArg)
    ON CONFLICT (DeploymentId) DO NOTHING;

    GET DIAGNOSTICS inserted = ROW_COUNT;

    RETURN QUERY SELECT inserted;
END
$$;

-- Adds a silo row, guarded by the table version the caller last read.
-- row_count = 1 on success; 0 if the version moved on or the row already exists.
CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg      OrleansMembershipTable.Address%TYPE,
    PortArg         OrleansMembershipTable.Port%TYPE,
    GenerationArg   OrleansMembershipTable.Generation%TYPE,
    SiloNameArg     OrleansMembershipTable.SiloName%TYPE,
    HostNameArg     OrleansMembershipTable.HostName%TYPE,
    StatusArg       OrleansMembershipTable.Status%TYPE,
    ProxyPortArg    OrleansMembershipTable.ProxyPort%TYPE,
    StartTimeArg    OrleansMembershipTable.StartTime%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg      OrleansMembershipVersionTable.Version%TYPE)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    BEGIN
        -- Claim the next table version first; nothing else happens without it.
        UPDATE OrleansMembershipVersionTable AS v
           SET Timestamp = now(),
               Version   = v.Version + 1
         WHERE v.DeploymentId = DeploymentIdArg
           AND v.Version      = VersionArg
           AND v.Version      < 2147483647;

        GET DIAGNOSTICS affected = ROW_COUNT;

        IF affected > 0 THEN
            INSERT INTO OrleansMembershipTable
                (DeploymentId, Address, Port, Generation, SiloName, HostName,
                 Status, ProxyPort, StartTime, IAmAliveTime)
            VALUES
                (DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg,
                 StatusArg, ProxyPortArg, StartTimeArg, IAmAliveTimeArg)
            ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

            GET DIAGNOSTICS affected = ROW_COUNT;
        END IF;

        IF affected = 0 THEN
            RAISE EXCEPTION 'membership insert rejected' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT affected;
    EXCEPTION
        WHEN assert_failure THEN
            RETURN QUERY SELECT 0;
    END;
END
$$;

-- Changes a silo row (status, suspicions, heartbeat), guarded by the table version.
-- The heartbeat never moves backwards here: a full-row update may carry an older
-- IAmAliveTime than the one the silo has written since.
CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg      OrleansMembershipTable.Address%TYPE,
    PortArg         OrleansMembershipTable.Port%TYPE,
    GenerationArg   OrleansMembershipTable.Generation%TYPE,
    StatusArg       OrleansMembershipTable.Status%TYPE,
    SuspectTimesArg OrleansMembershipTable.SuspectTimes%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg      OrleansMembershipVersionTable.Version%TYPE)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    affected integer := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable AS v
           SET Timestamp = now(),
               Version   = v.Version + 1
         WHERE v.DeploymentId = DeploymentIdArg
           AND v.Version      = VersionArg
           AND v.Version      < 2147483647;

        GET DIAGNOSTICS affected = ROW_COUNT;

        IF affected > 0 THEN
            UPDATE OrleansMembershipTable AS m
               SET Status       = StatusArg,
                   SuspectTimes = SuspectTimesArg,
                   IAmAliveTime = GREATEST(m.IAmAliveTime, IAmAliveTimeArg)
             WHERE m.DeploymentId = DeploymentIdArg
               AND m.Address      = AddressArg
               AND m.Port         = PortArg
               AND m.Generation   = GenerationArg;

            GET DIAGNOSTICS affected = ROW_COUNT;
        END IF;

        IF affected = 0 THEN
            RAISE EXCEPTION 'membership update rejected' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT affected;
    EXCEPTION
        WHEN assert_failure THEN
            RETURN QUERY SELECT 0;
    END;
END
$$;

------------------------------------------------------------------------------
-- Query rows. Key names are matched exactly by the provider
-- (note the lower-case "t" in UpdateIAmAlivetimeKey).
------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpdateIAmAlivetimeKey', $$
    SELECT update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
$$
),
(
    'InsertMembershipVersionKey', $$
    SELECT row_count FROM insert_membership_version(@DeploymentId);
$$
),
(
    'InsertMembershipKey', $$
    SELECT row_count
    FROM insert_membership(
        @DeploymentId, @Address, @Port, @Generation,
        @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version);
$$
),
(
    'UpdateMembershipKey', $$
    SELECT row_count
    FROM update_membership(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version);
$$
),
(
    -- Always yields the version row, plus the silo's row when it exists.
    'MembershipReadRowKey', $$
    SELECT v.DeploymentId,
           m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
           v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
          AND m.Address      = @Address
          AND m.Port         = @Port
          AND m.Generation   = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$$
),
(
    'MembershipReadAllKey', $$
    SELECT v.DeploymentId,
           m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
           v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$$
),
(
    'DeleteMembershipTableEntriesKey', $$
    DELETE FROM OrleansMembershipTable        WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$$
),
(
    'GatewaysQueryKey', $$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status       = @Status
      AND ProxyPort    > 0;
$$
),
(
    -- Bulk clean-up (used only when CleanupDefunctSiloEntryKey is absent):
    -- dead silos that started and last beat before the cut-off, with no votes.
    'CleanupDefunctSiloEntriesKey', $$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status       = 6
      AND IAmAliveTime < @IAmAliveTime
      AND StartTime    < @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = '';
$$
),
(
    -- Per-row clean-up: deletes one dead row only if it still holds exactly
    -- the values the provider read, so a concurrent change keeps the row.
    'CleanupDefunctSiloEntryKey', $$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Address      = @Address
      AND Port         = @Port
      AND Generation   = @Generation
      AND Status       = 6
      AND StartTime    = @StartTime
      AND IAmAliveTime = @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
