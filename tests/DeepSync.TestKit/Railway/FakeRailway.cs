using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepSync.Tests.Railway;

/// <summary>
/// A stand-in for Railway's public GraphQL API on a real loopback Kestrel port. It answers the operations
/// DeepSync uses with the shapes of Railway's schema, checks the Bearer token, lets deployments progress
/// over time (QUEUED → BUILDING → DEPLOYING → SUCCESS, and REMOVING → REMOVED after a stop), records every
/// request it receives, and injects faults (429 + Retry-After, 500, hangs, lost answers, GraphQL errors).
/// Arguments are read from the request's variables, named like the arguments, as every DeepSync document does.
/// </summary>
public sealed partial class FakeRailway : IAsyncDisposable
{
    public const string ProjectId = "0f3c1c8e-6f37-4a39-9f0e-7a0b7f5e2d11";
    public const string EnvironmentId = "5b2d7d7a-1c6e-4f0b-8d8e-3f9a3e6b9c22";

    private static readonly string[] Progression = ["QUEUED", "BUILDING", "DEPLOYING", "SUCCESS"];

    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<FakeRailwayRequest> _received = [];
    private readonly List<(string? RootField, FakeRailwayFault Fault)> _faults = [];
    private readonly List<Service> _services = [];
    private readonly Dictionary<string, Deployment> _deployments = [];

    private FakeRailway(WebApplication app, string token)
    {
        _app = app;
        Token = token;
        app.MapPost("/graphql/v2", HandleAsync);
    }

    /// <summary>The only token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>The GraphQL endpoint (a loopback URL).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How long each of QUEUED, BUILDING, DEPLOYING (and REMOVING after a stop) lasts.</summary>
    public TimeSpan PhaseDuration { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// When set, a deployment leaves a status only after a client has read it, so a poller sees every status even
    /// on a machine too busy to poll on time. Off, statuses follow the clock alone, as on Railway.
    /// </summary>
    public bool ShowEveryStatus { get; set; }

    /// <summary>Services per page of <c>project.services</c>.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When set, every request fails this way (for opening the circuit); otherwise queued faults apply.</summary>
    public FakeRailwayFault? FailEverything { get; set; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<FakeRailwayRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The requests received for one root field (e.g. <c>serviceCreate</c>).</summary>
    public IReadOnlyList<FakeRailwayRequest> ReceivedFor(string rootField) => Received.Where(r => r.RootField == rootField).ToList();

    /// <summary>The services that exist now, by name.</summary>
    public IReadOnlyList<(string Id, string Name, string? Image)> Services
    {
        get
        {
            lock (_gate)
            {
                return _services.Select(s => (s.Id, s.Name, s.Image)).ToList();
            }
        }
    }

    /// <summary>The variables a service has.</summary>
    public IReadOnlyDictionary<string, string> VariablesOf(string serviceId)
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(Find(serviceId).Variables);
        }
    }

    /// <summary>Every replica count the service was set to, in order.</summary>
    public IReadOnlyList<int> ReplicaHistoryOf(string serviceId)
    {
        lock (_gate)
        {
            return [.. Find(serviceId).ReplicaHistory];
        }
    }

    /// <summary>The ids of a service's deployments, oldest first.</summary>
    public IReadOnlyList<string> DeploymentsOf(string serviceId)
    {
        lock (_gate)
        {
            return _deployments.Values.Where(d => d.ServiceId == serviceId).OrderBy(d => d.Created).Select(d => d.Id).ToList();
        }
    }

    public static async Task<FakeRailway> StartAsync(string? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeRailway(builder.Build(), token ?? $"rw-test-{Guid.NewGuid():N}");
        await fake._app.StartAsync();
        fake.Endpoint = new Uri(new Uri(fake._app.Urls.Single()), "/graphql/v2");
        return fake;
    }

    /// <summary>Queues faults for the next requests to <paramref name="rootField"/> (any request when null), one fault per request.</summary>
    public void Inject(string? rootField, params FakeRailwayFault[] faults)
    {
        lock (_gate)
        {
            _faults.AddRange(faults.Select(f => (rootField, f)));
        }
    }

    /// <summary>Adds a service as if someone had created it earlier.</summary>
    public string AddService(string name)
    {
        lock (_gate)
        {
            var service = new Service(Guid.NewGuid().ToString(), name, "ghcr.io/example/seeded:1");
            _services.Add(service);
            return service.Id;
        }
    }

    /// <summary>Pins a deployment to a status Railway might report (CRASHED, SLEEPING, …) or one it does not have yet.</summary>
    public void PinStatus(string deploymentId, string status)
    {
        lock (_gate)
        {
            _deployments[deploymentId].Pinned = status;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            // Railway answers an unknown or missing token like this.
            await WriteAsync(context, StatusCodes.Status401Unauthorized, Errors("Not Authorized"));
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var query = body.RootElement.GetProperty("query").GetString() ?? "";
        var operationName = body.RootElement.TryGetProperty("operationName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var variables = body.RootElement.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object ? v.Clone() : JsonDocument.Parse("{}").RootElement;
        var rootField = RootField().Match(query) is { Success: true } m ? m.Groups[1].Value : "";

        var fault = TakeFault(rootField);
        var status = fault?.Kind switch
        {
            FakeRailwayFaultKind.TooManyRequests => 429,
            FakeRailwayFaultKind.ServerError => 500,
            FakeRailwayFaultKind.Hang or FakeRailwayFaultKind.AnswerLost => 0,
            _ => 200,
        };
        lock (_gate)
        {
            _received.Add(new FakeRailwayRequest(_clock.Elapsed, rootField, query, operationName, variables, status, fault?.Kind));
        }

        switch (fault?.Kind)
        {
            case FakeRailwayFaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(fault.Duration.TotalSeconds)).ToString();
                await WriteAsync(context, 429, Errors("Too many requests. Try again later."));
                return;
            case FakeRailwayFaultKind.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("Internal Server Error");
                return;
            case FakeRailwayFaultKind.GraphQLError:
                await WriteAsync(context, 200, Errors(fault.Message!, rootField));
                return;
            case FakeRailwayFaultKind.Hang:
                if (!await HoldAsync(fault.Duration, context.RequestAborted))
                {
                    return;
                }

                break;
        }

        var answer = Execute(rootField, variables);
        if (fault?.Kind == FakeRailwayFaultKind.AnswerLost && !await HoldAsync(fault.Duration, context.RequestAborted))
        {
            return;
        }

        await WriteAsync(context, 200, answer);
    }

    private FakeRailwayFault? TakeFault(string rootField)
    {
        lock (_gate)
        {
            if (FailEverything is { } always)
            {
                return always;
            }

            var index = _faults.FindIndex(f => f.RootField is null || f.RootField == rootField);
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index].Fault;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    /// <summary>Waits out a hang; false when the client gave up first.</summary>
    private static async Task<bool> HoldAsync(TimeSpan duration, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(duration, aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private JsonObject Execute(string rootField, JsonElement args)
    {
        lock (_gate)
        {
            try
            {
                JsonNode? result = rootField switch
                {
                    "project" => Project(args),
                    "serviceCreate" => ServiceCreate(args.GetProperty("input")),
                    "variableCollectionUpsert" => VariableCollectionUpsert(args.GetProperty("input")),
                    "serviceInstanceDeployV2" => Deploy(Str(args, "serviceId"), Str(args, "environmentId")),
                    "deployment" => DeploymentOf(Str(args, "id")),
                    "deploymentStop" => Stop(Str(args, "id")),
                    "serviceInstanceUpdate" => ServiceInstanceUpdate(args),
                    "serviceDelete" => ServiceDelete(Str(args, "id")),
                    _ => throw new RailwayError($"Cannot query field \"{rootField}\" (the fake does not serve it)."),
                };
                return new JsonObject { ["data"] = new JsonObject { [rootField] = result } };
            }
            catch (RailwayError e)
            {
                return Errors(e.Message, rootField);
            }
        }
    }

    private JsonObject Project(JsonElement args)
    {
        RequireProject(Str(args, "projectId"));
        var start = args.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.String
            ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after.GetString()!)))
            : 0;
        var page = _services.Skip(start).Take(PageSize).ToList();
        var end = start + page.Count;
        var edges = new JsonArray(page.Select(s => (JsonNode)new JsonObject
        {
            ["cursor"] = Cursor(_services.IndexOf(s) + 1),
            ["node"] = new JsonObject { ["id"] = s.Id, ["name"] = s.Name, ["deletedAt"] = null },
        }).ToArray());
        return new JsonObject
        {
            ["services"] = new JsonObject
            {
                ["edges"] = edges,
                ["pageInfo"] = new JsonObject
                {
                    ["hasNextPage"] = end < _services.Count,
                    ["endCursor"] = page.Count == 0 ? null : Cursor(end),
                },
            },
        };
    }

    private JsonObject ServiceCreate(JsonElement input)
    {
        RequireProject(Str(input, "projectId"));
        if (input.TryGetProperty("environmentId", out var environment) && environment.ValueKind == JsonValueKind.String)
        {
            RequireEnvironment(environment.GetString());
        }

        var image = input.TryGetProperty("source", out var source) && source.TryGetProperty("image", out var i) ? i.GetString() : null;
        // Railway allows two services with one name, so a duplicate created here is visible to the tests.
        var service = new Service(Guid.NewGuid().ToString(), Str(input, "name"), image);
        _services.Add(service);
        return new JsonObject { ["id"] = service.Id, ["name"] = service.Name };
    }

    private JsonNode VariableCollectionUpsert(JsonElement input)
    {
        RequireProject(Str(input, "projectId"));
        RequireEnvironment(Str(input, "environmentId"));
        var service = Find(Str(input, "serviceId"));
        foreach (var variable in input.GetProperty("variables").EnumerateObject())
        {
            service.Variables[variable.Name] = variable.Value.GetString()!;
        }

        // Like Railway, changing variables redeploys the service unless skipDeploys says not to.
        var skipDeploys = input.TryGetProperty("skipDeploys", out var skip) && skip.ValueKind == JsonValueKind.True;
        if (!skipDeploys)
        {
            StartDeployment(service.Id);
        }

        return JsonValue.Create(true);
    }

    private JsonNode Deploy(string serviceId, string environmentId)
    {
        RequireEnvironment(environmentId);
        return JsonValue.Create(StartDeployment(Find(serviceId).Id));
    }

    private string StartDeployment(string serviceId)
    {
        var deployment = new Deployment(Guid.NewGuid().ToString(), serviceId, _clock.Elapsed);
        _deployments.Add(deployment.Id, deployment);
        return deployment.Id;
    }

    private JsonObject DeploymentOf(string id)
    {
        var deployment = DeploymentById(id);
        var status = StatusOf(deployment);
        deployment.StepSeen = true;
        deployment.RemovingSeen |= status == "REMOVING";
        return new() { ["id"] = id, ["status"] = status };
    }

    private JsonNode Stop(string id)
    {
        var deployment = DeploymentById(id);
        if (StatusOf(deployment) is "REMOVED" or "SKIPPED" or "FAILED" or "CRASHED")
        {
            throw new RailwayError("Deployment is not running");
        }

        deployment.StoppedAt ??= _clock.Elapsed;
        return JsonValue.Create(true);
    }

    private JsonNode ServiceInstanceUpdate(JsonElement args)
    {
        var service = Find(Str(args, "serviceId"));
        if (args.TryGetProperty("environmentId", out var environment) && environment.ValueKind == JsonValueKind.String)
        {
            RequireEnvironment(environment.GetString());
        }

        if (args.GetProperty("input").TryGetProperty("numReplicas", out var replicas) && replicas.ValueKind == JsonValueKind.Number)
        {
            service.ReplicaHistory.Add(replicas.GetInt32());
        }

        return JsonValue.Create(true);
    }

    private JsonNode ServiceDelete(string id)
    {
        var service = Find(id);
        _services.Remove(service);
        foreach (var deployment in _deployments.Values.Where(d => d.ServiceId == id))
        {
            deployment.StoppedAt ??= _clock.Elapsed - PhaseDuration;
        }

        return JsonValue.Create(true);
    }

    private string StatusOf(Deployment deployment)
    {
        if (deployment.Pinned is { } pinned)
        {
            return pinned;
        }

        var now = _clock.Elapsed;
        if (deployment.StoppedAt is { } stopped)
        {
            return now - stopped < PhaseDuration || (ShowEveryStatus && !deployment.RemovingSeen) ? "REMOVING" : "REMOVED";
        }

        while (deployment.Step < Progression.Length - 1 && now - deployment.StepSince >= PhaseDuration && (deployment.StepSeen || !ShowEveryStatus))
        {
            deployment.Step++;
            deployment.StepSince = ShowEveryStatus ? now : deployment.StepSince + PhaseDuration;
            deployment.StepSeen = false;
        }

        return Progression[deployment.Step];
    }

    private Service Find(string serviceId) =>
        _services.FirstOrDefault(s => s.Id == serviceId) ?? throw new RailwayError("Service not found");

    private Deployment DeploymentById(string id) =>
        _deployments.GetValueOrDefault(id) ?? throw new RailwayError("Deployment not found");

    private static void RequireProject(string? projectId)
    {
        if (projectId != ProjectId)
        {
            throw new RailwayError("Project not found");
        }
    }

    private static void RequireEnvironment(string? environmentId)
    {
        if (environmentId != EnvironmentId)
        {
            throw new RailwayError("Environment not found");
        }
    }

    private static string Str(JsonElement args, string name) =>
        args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new RailwayError($"Argument \"{name}\" is required.");

    private static string Cursor(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes(index.ToString()));

    private static JsonObject Errors(string message, string? path = null)
    {
        var error = new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = "INTERNAL_SERVER_ERROR" } };
        if (path is { Length: > 0 })
        {
            error["path"] = new JsonArray(path);
        }

        return new JsonObject { ["data"] = null, ["errors"] = new JsonArray(error) };
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    [GeneratedRegex(@"^[^{]*\{\s*(\w+)")]
    private static partial Regex RootField();

    private sealed record Service(string Id, string Name, string? Image)
    {
        public Dictionary<string, string> Variables { get; } = [];

        public List<int> ReplicaHistory { get; } = [];
    }

    private sealed record Deployment(string Id, string ServiceId, TimeSpan Created)
    {
        public int Step { get; set; }

        public TimeSpan StepSince { get; set; } = Created;

        public bool StepSeen { get; set; }

        public bool RemovingSeen { get; set; }

        public TimeSpan? StoppedAt { get; set; }

        public string? Pinned { get; set; }
    }

    /// <summary>An error Railway reports in the GraphQL <c>errors</c> list.</summary>
    private sealed class RailwayError(string message) : Exception(message);
}
