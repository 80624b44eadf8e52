using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeepSync.Silo.Hosting.Railway;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Railway;

/// <summary>A GraphQL document to check, with the operation it is sent as and, optionally, the variables sent with it.</summary>
public sealed record GraphQLCheck(string Name, string Query, string? OperationName, JsonElement? Variables = null);

/// <summary>Checks GraphQL documents against Railway's real schema with graphql-js (tests/peers/validate-graphql.mjs).</summary>
public static class GraphQLContract
{
    /// <summary>Every document in <see cref="RailwayDocuments"/>, named after its constant.</summary>
    public static IReadOnlyList<GraphQLCheck> AdapterDocuments { get; } = typeof(RailwayDocuments)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
        .Select(f => new GraphQLCheck(f.Name, (string)f.GetRawConstantValue()!, f.Name))
        .ToList();

    /// <summary>What the fake received, each request with the variables it carried.</summary>
    public static IReadOnlyList<GraphQLCheck> Received(FakeRailway fake) => fake.Received
        .Select((r, i) => new GraphQLCheck($"request {i + 1} ({r.RootField})", r.Query, r.OperationName, r.Variables))
        .ToList();

    /// <summary>graphql-js's errors for each document (an empty list when it is valid).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ValidateAsync(IReadOnlyList<GraphQLCheck> checks)
    {
        _ = RepoPaths.PeerBin; // installs the npm peers once when they are missing
        var input = new JsonObject
        {
            ["schema"] = RepoPaths.Contract("railway-schema.graphql"),
            ["documents"] = new JsonArray(checks.Select(c =>
            {
                var document = new JsonObject { ["name"] = c.Name, ["query"] = c.Query, ["operationName"] = c.OperationName };
                if (c.Variables is { } variables)
                {
                    document["variables"] = JsonNode.Parse(variables.GetRawText());
                }

                return (JsonNode)document;
            }).ToArray()),
        };

        var script = Path.Combine(RepoPaths.Peers, "validate-graphql.mjs");
        var info = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = RepoPaths.Peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(info) ?? throw new InvalidOperationException("node could not be started; install Node.js 20 or later.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({node.ExitCode}): {await stderr}");
        }

        var results = JsonDocument.Parse(await stdout).RootElement;
        return results.EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!,
            r => (IReadOnlyList<string>)r.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    /// <summary>Fails with graphql-js's messages when any document is invalid against the schema.</summary>
    public static async Task AssertValidAsync(IReadOnlyList<GraphQLCheck> checks)
    {
        Assert.NotEmpty(checks);
        var results = await ValidateAsync(checks);
        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join(" | ", r.Value)}").ToList();
        Assert.True(failures.Count == 0, "Documents invalid against railway-schema.graphql:\n" + string.Join("\n", failures));
    }

    /// <summary>Checks every document the fake received, with its variables.</summary>
    public static Task AssertReceivedValidAsync(FakeRailway fake) => AssertValidAsync(Received(fake));
}
