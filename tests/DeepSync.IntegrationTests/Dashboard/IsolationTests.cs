using System.Net;
using System.Reflection;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Dashboard;

/// <summary>
/// Every routable page and every HTTP endpoint the web host maps, checked from outside: an anonymous
/// visitor is sent to sign in (or gets 401), a signed-in user who is not an operator is refused the
/// operator pages and endpoints, and someone else's node answers "not found".
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class IsolationTests(DashboardApp app)
{
    // Pages anyone may open: the landing page (signed-in people see their fleet there), the account pages
    // (signing in needs them) and the not-found page.
    private static readonly string[] PublicPages =
    [
        "/",
        "/account/login", "/account/register", "/account/register-confirmation", "/account/confirm-email",
        "/account/resend-confirmation", "/account/forgot-password", "/account/reset-password",
        "/account/access-denied", "/not-found",
    ];

    // Endpoints that are public on purpose: probes, the theme cookie, the start of an external sign-in.
    private static readonly string[] PublicEndpoints = ["/health/live", "/health/ready", "/account/theme", "/account/external", "/account/external/callback"];

    private static IReadOnlyList<(string Template, Type Component)> Pages() => typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t)))
        .ToList();

    private static string Fill(string template, Guid nodeId) =>
        template.Replace("{NodeId:guid}", nodeId.ToString(), StringComparison.OrdinalIgnoreCase).Replace("{Tab}", "chat", StringComparison.Ordinal);

    [Fact]
    public async Task Every_page_sends_an_anonymous_visitor_to_sign_in_except_the_account_pages()
    {
        var pages = Pages();
        Assert.Contains(pages, p => p.Template == "/ops");
        Assert.Contains(pages, p => p.Template == "/nodes/{NodeId:guid}");
        using var anonymous = SignedInClient.Anonymous(app.BaseUrl);
        foreach (var (template, component) in pages)
        {
            var isPublic = component.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            Assert.Equal(PublicPages.Contains(template), isPublic);
            var response = await anonymous.GetAsync(Fill(template, Guid.NewGuid()).TrimStart('/'));
            if (isPublic)
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{template}: {(int)response.StatusCode}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith($"{app.BaseUrl}/account/login", response.Headers.Location!.ToString());
            }
        }

        // "/" is the landing page for a visitor: nothing of anyone's fleet.
        var landing = await (await anonymous.GetAsync("")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"landing\"", landing);
        Assert.DoesNotContain("data-testid=\"new-teammate\"", landing);
    }

    [Fact]
    public async Task A_signed_in_user_is_refused_operator_pages_and_another_users_node()
    {
        var (_, owner) = await app.CreateConfirmedUserAsync($"owner-{Guid.NewGuid():N}@example.test");
        var strangerEmail = $"stranger-{Guid.NewGuid():N}@example.test";
        await app.CreateConfirmedUserAsync(strangerEmail);
        using var stranger = await SignedInClient.SignInAsync(app.BaseUrl, strangerEmail, DashboardApp.Password);
        var foreignNode = owner.NodeIds[0];

        foreach (var (template, component) in Pages())
        {
            var authorize = component.GetCustomAttributes<AuthorizeAttribute>().ToList();
            var response = await stranger.GetAsync(Fill(template, foreignNode).TrimStart('/'));
            var body = await response.Content.ReadAsStringAsync();
            if (authorize.Any(a => a.Policy == DeepSyncClaims.OperatorPolicy))
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith($"{app.BaseUrl}/account/access-denied", response.Headers.Location!.ToString());
            }
            else if (template.Contains("{NodeId", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Contains("data-testid=\"not-found\"", body);
                Assert.DoesNotContain(owner.Email, body);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{template}: {(int)response.StatusCode}");
            }
        }

        // An unknown node id gets exactly the same answer as the foreign one.
        var unknown = await stranger.GetAsync($"nodes/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Every_endpoint_refuses_anonymous_callers_and_operator_endpoints_refuse_users()
    {
        var email = $"user-{Guid.NewGuid():N}@example.test";
        await app.CreateConfirmedUserAsync(email);
        using var user = await SignedInClient.SignInAsync(app.BaseUrl, email, DashboardApp.Password);
        using var anonymous = SignedInClient.Anonymous(app.BaseUrl);

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Where(e => !IsFrameworkOrAsset(e))
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/ops/export/audit.csv");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/ops/orleans", StringComparison.Ordinal));

        foreach (var endpoint in endpoints)
        {
            var path = Sample(endpoint.RoutePattern.RawText!);
            if (PublicEndpoints.Contains(path))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                var answer = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')));
                var refused = answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest
                    || (answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location!.ToString().Contains("/account/login", StringComparison.Ordinal));
                Assert.True(refused, $"anonymous {method} {path} answered {(int)answer.StatusCode}");

                var authorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
                if (authorization.Any(a => a.Policy == DeepSyncClaims.OperatorPolicy))
                {
                    var asUser = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')));
                    Assert.True(asUser.StatusCode == HttpStatusCode.Forbidden, $"user {method} {path} answered {(int)asUser.StatusCode}");
                }
            }
        }
    }

    private static bool IsFrameworkOrAsset(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
        return pattern.StartsWith("/_", StringComparison.Ordinal) || pattern.StartsWith("_", StringComparison.Ordinal)
            || endpoint.Metadata.Any(m => m.GetType().FullName?.Contains("StaticAsset", StringComparison.Ordinal) == true);
    }

    private static string Sample(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, "\\{\\*\\*?[^}]+\\}", "sample");
        path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]*:(int|long)[^}]*\\}", "1");
        path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]*(guid|Id)[^}]*\\}", Guid.NewGuid().ToString());
        path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "sample");
        return path.StartsWith('/') ? path : "/" + path;
    }
}
