using DeepSync.Tests.Support;
using DeepSync.Web.Application.Plan;
using Npgsql;

namespace DeepSync.Tests.Dashboard;

/// <summary>Messages per day for the plan chart, counted in PostgreSQL from the transcripts of the given nodes only.</summary>
public sealed class MessageCountsTests
{
    private static async Task AddAsync(NpgsqlDataSource data, Guid nodeId, string role, DateTimeOffset at)
    {
        await using var command = data.CreateCommand(
            "INSERT INTO transcripts (node_id, channel, idempotency_key, role, sender, body, at) VALUES (@n, 'web', @k, @r, 'someone', 'hello', @at)");
        command.Parameters.AddWithValue("n", nodeId);
        command.Parameters.AddWithValue("k", Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("r", role);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task It_counts_sent_messages_and_replies_per_utc_day_for_the_given_nodes_only()
    {
        await using var data = NpgsqlDataSource.Create(await TestPostgres.NewDatabaseAsync());
        var mine = Guid.NewGuid();
        var alsoMine = Guid.NewGuid();
        var someoneElses = Guid.NewGuid();
        var day1 = new DateTimeOffset(2026, 11, 2, 23, 30, 0, TimeSpan.Zero);
        var day2 = new DateTimeOffset(2026, 11, 3, 0, 30, 0, TimeSpan.Zero);
        await AddAsync(data, mine, "user", day1);
        await AddAsync(data, mine, "assistant", day1.AddMinutes(1));
        await AddAsync(data, alsoMine, "user", day2);
        await AddAsync(data, someoneElses, "user", day2);
        await AddAsync(data, mine, "user", day1.AddDays(-40));

        var days = await new MessageCounts(data).PerDayAsync([mine, alsoMine], day1.AddDays(-1), day2.AddDays(1));

        Assert.Equal([new DailyMessages(new DateOnly(2026, 11, 2), 1, 1), new DailyMessages(new DateOnly(2026, 11, 3), 1, 0)], days);
        Assert.Empty(await new MessageCounts(data).PerDayAsync([], day1, day2));
    }
}
