-- DeepSync / Orleans: durable reminder storage for the ADO.NET reminders provider.
-- Creates the reminders table, its upsert/delete functions and the reminder query rows.

------------------------------------------------------------------------------
-- Table
--
-- Period is in milliseconds (bigint: periods past ~24.8 days overflow integer).
-- GrainHash is the grain's uniform hash, used to split reminders across silos.
-- Version is the reminder's ETag: 0 on insert, +1 on each upsert.
------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName
        PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

------------------------------------------------------------------------------
-- Functions (parameter and result names kept stable for CREATE OR REPLACE)
------------------------------------------------------------------------------

-- Inserts or replaces a reminder and returns its new version.
CREATE OR REPLACE FUNCTION upsert_reminder_row(
    ServiceIdArg    OrleansRemindersTable.ServiceId%TYPE,
    GrainIdArg      OrleansRemindersTable.GrainId%TYPE,
    ReminderNameArg OrleansRemindersTable.ReminderName%TYPE,
    StartTimeArg    OrleansRemindersTable.StartTime%TYPE,
    PeriodArg       OrleansRemindersTable.Period%TYPE,
    GrainHashArg    OrleansRemindersTable.GrainHash%TYPE)
RETURNS TABLE (version integer)
LANGUAGE plpgsql
AS $$
DECLARE
    new_version integer;
BEGIN
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (ServiceIdArg, GrainIdArg, ReminderNameArg, StartTimeArg, PeriodArg, GrainHashArg, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period    = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version   = r.Version + 1
    RETURNING r.Version INTO STRICT new_version;

    RETURN QUERY SELECT new_version;
END
$$;

-- Deletes a reminder if its version still matches; row_count = 1 if deleted, else 0.
CREATE OR REPLACE FUNCTION delete_reminder_row(
    ServiceIdArg    OrleansRemindersTable.ServiceId%TYPE,
    GrainIdArg      OrleansRemindersTable.GrainId%TYPE,
    ReminderNameArg OrleansRemindersTable.ReminderName%TYPE,
    VersionArg      OrleansRemindersTable.Version%TYPE)
RETURNS TABLE (row_count integer)
LANGUAGE plpgsql
AS $$
DECLARE
    deleted integer := 0;
BEGIN
    DELETE FROM OrleansRemindersTable AS r
     WHERE r.ServiceId    = ServiceIdArg
       AND r.GrainId      = GrainIdArg
       AND r.ReminderName = ReminderNameArg
       AND r.Version      = VersionArg;

    GET DIAGNOSTICS deleted = ROW_COUNT;

    RETURN QUERY SELECT deleted;
END
$$;

------------------------------------------------------------------------------
-- Query rows
------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpsertReminderRowKey', $$
    SELECT version
    FROM upsert_reminder_row(@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash);
$$
),
(
    'ReadReminderRowsKey', $$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId   = @GrainId;
$$
),
(
    'ReadReminderRowKey', $$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId    = @ServiceId
      AND GrainId      = @GrainId
      AND ReminderName = @ReminderName;
$$
),
(
    -- Hash range that does not wrap around: (BeginHash, EndHash].
    'ReadRangeRows1Key', $$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
$$
),
(
    -- Hash range that wraps around: above BeginHash or up to EndHash.
    'ReadRangeRows2Key', $$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$$
),
(
    'DeleteReminderRowKey', $$
    SELECT row_count
    FROM delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);
$$
),
(
    'DeleteReminderRowsKey', $$
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId;
$$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
