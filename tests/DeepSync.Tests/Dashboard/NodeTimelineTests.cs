using DeepSync.Governance;
using DeepSync.Web.Application.Ledger;
using DeepSync.Web.Nodes;

namespace DeepSync.Tests.Dashboard;

/// <summary>The lifecycle timeline reads as steps in the owner's terms; what the host recorded is kept for operators.</summary>
public sealed class NodeTimelineTests
{
    private static readonly Guid OwnerId = Guid.NewGuid();
    private static readonly Actor Owner = Actor.ForUser(OwnerId, "ada@example.test");
    private static long _sequence;

    private static LedgerLine Line(string action, ActorKind kind, string id, string name, params (string Key, string Value)[] details) =>
        new(Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow.AddSeconds(_sequence), action, kind, id, name, Guid.NewGuid(), OwnerId, details.ToDictionary(d => d.Key, d => d.Value));

    [Fact]
    public void Host_steps_read_as_steps_and_the_hosts_words_stay_technical()
    {
        var ledger = new[]
        {
            Line(AuditAction.NodeLaunched, ActorKind.User, OwnerId.ToString(), "ada@example.test", ("step", "launch_requested"), ("host", "railway")),
            Line(AuditAction.NodeLifecycleStep, ActorKind.System, "node-lifecycle", "node-lifecycle", ("step", "variables_set"), ("variables", "DEEPSYNC_NODE_ID DEEPSYNC_TOKEN")),
            Line(AuditAction.NodeLifecycleStep, ActorKind.System, "node-lifecycle", "node-lifecycle", ("step", "deployment_created"), ("deployment_id", "dep-123")),
            Line(AuditAction.NodeLifecycleStep, ActorKind.System, "node-lifecycle", "node-lifecycle", ("step", "deployment_success"), ("status", "SUCCESS")),
            Line(AuditAction.NodeLifecycleStep, ActorKind.System, "node-lifecycle", "node-lifecycle", ("step", "agent_ready"), ("runtime", "letta")),
            Line(AuditAction.NodeSuspended, ActorKind.Operator, "ops", "ops@example.test", ("reason", "operator"), ("detail", "Reported for spam")),
        };

        var entries = NodeTimelineBuilder.Build(ledger, [], Owner);

        Assert.Equal(["Suspended", "Ready to chat", "Container running", "Container requested", "Settings applied", "Launch started"], entries.Select(e => e.Title));
        Assert.Equal(["an operator", "", "", "", "", "you"], entries.Select(e => e.Who));
        Assert.Equal("“Reported for spam”", entries[0].Detail);
        var forPeople = string.Join(" ", entries.Select(e => $"{e.Title} {e.Who} {e.Detail}"));
        Assert.DoesNotContain("SUCCESS", forPeople);
        Assert.DoesNotContain("dep-123", forPeople);
        Assert.DoesNotContain("DEEPSYNC_", forPeople);

        // Operators see what the host recorded, and every initiator by name.
        Assert.Equal("status: SUCCESS", entries[2].Technical);
        Assert.Equal("deployment id: dep-123", entries[3].Technical);
        var forOperators = NodeTimelineBuilder.Build(ledger, [], Actor.ForOperator("someone-else", "someone-else"), operatorView: true);
        Assert.Equal("ops@example.test (operator)", forOperators[0].Who);
    }
}
