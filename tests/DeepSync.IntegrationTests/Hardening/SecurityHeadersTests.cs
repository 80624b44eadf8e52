using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepSync.Tests.Hardening;

/// <summary>The headers browsers act on: CSP, nosniff, referrer and permissions policies, and HSTS and Secure cookies behind TLS.</summary>
[Collection(PublicAppCollection.Name)]
public sealed partial class SecurityHeadersTests(PublicApp app)
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : string.Empty;

    [Fact]
    public async Task Pages_carry_a_blazor_compatible_policy_and_behind_tls_hsts_and_secure_cookies()
    {
        using var client = app.Client(overHttps: true);
        var response = await client.GetAsync("account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        var csp = Header(response, "Content-Security-Policy");
        Assert.StartsWith("default-src 'self'; script-src 'self'", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains($"connect-src 'self' wss://{PublicApp.PublicHost};", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);

        // The one inline script Blazor writes, the import map, is allowed by its hash and nothing else inline is.
        var importMap = ImportMap().Match(html);
        Assert.True(importMap.Success, "the page has an import map");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups[1].Value)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}';", csp);
        Assert.Equal(1, InlineScript().Count(html));

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));

        // Plain HTTP (no proxy saying otherwise): no HSTS, cookies without Secure, the socket on ws://.
        using var plain = app.Client();
        var overHttp = await plain.GetAsync("account/login");
        Assert.Equal(string.Empty, Header(overHttp, "Strict-Transport-Security"));
        Assert.Contains($"connect-src 'self' ws://{PublicApp.PublicHost};", Header(overHttp, "Content-Security-Policy"));
        Assert.All(overHttp.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));

        // Errors and API answers carry them too.
        var notFound = await plain.GetAsync("account/theme");
        Assert.Equal("nosniff", Header(notFound, "X-Content-Type-Options"));
    }

    [GeneratedRegex("<script type=\"importmap\"[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
