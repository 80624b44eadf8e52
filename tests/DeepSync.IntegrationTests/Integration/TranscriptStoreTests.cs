using DeepSync.Conversations;
using DeepSync.Silo.Conversations;
using DeepSync.Tests.Support;
using Npgsql;

namespace DeepSync.Tests.Integration;

public sealed class TranscriptStoreTests
{
    private static TranscriptEntry Line(Guid nodeId, string key, TranscriptRole role, string text) =>
        new(0, nodeId, "web", key, role, "owner", text, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Text_postgres_cannot_store_is_refused_for_good_nothing_is_half_written_and_the_store_stays_usable()
    {
        await using var dataSource = TestPostgres.DataSource(await TestPostgres.NewDatabaseAsync());
        var store = new PostgresTranscriptStore(dataSource);
        var nodeId = Guid.NewGuid();

        var ex = await Assert.ThrowsAsync<TranscriptRejectedException>(() => store.AppendAsync([
            Line(nodeId, "k1", TranscriptRole.User, "fine"),
            Line(nodeId, "k1", TranscriptRole.Assistant, "nul \u0000 inside")]));

        var cause = Assert.IsType<PostgresException>(ex.InnerException);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, cause.SqlState);
        Assert.Empty((await store.PageAsync(nodeId, null, null, 10)).Entries);

        await store.AppendAsync([Line(nodeId, "k2", TranscriptRole.User, "hello"), Line(nodeId, "k2", TranscriptRole.Assistant, "hi")]);
        Assert.Equal(["hello", "hi"], (await store.PageAsync(nodeId, null, null, 10)).Entries.Select(e => e.Text));
    }
}
