using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeepSync.Tests.Dashboard;

namespace DeepSync.Tests.Hardening;

/// <summary>Requests a client got wrong are answered 4xx with a clear message; 5xx is kept for DeepSync's own faults.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ClientErrorTests(DashboardApp app)
{
    private static readonly string[] AccountForms = ["account/login", "account/register", "account/forgot-password", "account/resend-confirmation", "account/reset-password", "account/confirm-email"];

    private static async Task<(HttpStatusCode Status, string Detail)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString() ?? string.Empty
            : text;
        return (response.StatusCode, detail);
    }

    private static StringContent Form(string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static string ManyFields(int count) => string.Join('&', Enumerable.Range(0, count).Select(i => $"f{i}=x"));

    [Fact]
    public async Task A_form_in_an_unsupported_charset_is_415_on_every_account_form()
    {
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        foreach (var form in AccountForms)
        {
            var (status, detail) = await ReadAsync(await client.PostAsync(form, Form("Input.Email=a%40b.test", "application/x-www-form-urlencoded; charset=utf-7")));
            Assert.True(status == HttpStatusCode.UnsupportedMediaType, $"{form}: {(int)status} {detail}");
            Assert.Equal("The form must be sent as UTF-8 (charset=utf-7 is not supported).", detail);
        }
    }

    [Fact]
    public async Task Theme_and_external_sign_in_refuse_bad_forms_with_4xx()
    {
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        foreach (var endpoint in new[] { "account/theme", "account/external" })
        {
            var missingToken = await ReadAsync(await client.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string> { ["theme"] = "dark", ["provider"] = "GitHub" })));
            Assert.True(missingToken.Status == HttpStatusCode.BadRequest, $"{endpoint} without a token: {(int)missingToken.Status} {missingToken.Detail}");
            Assert.Equal("The form has expired or did not come from DeepSync; reload the page and try again.", missingToken.Detail);

            var empty = await ReadAsync(await client.PostAsync(endpoint, null));
            Assert.True(empty.Status == HttpStatusCode.BadRequest, $"{endpoint} with no body: {(int)empty.Status} {empty.Detail}");
            Assert.Equal("The request could not be read; check its body and parameters.", empty.Detail);

            var tooMany = await ReadAsync(await client.PostAsync(endpoint, Form(ManyFields(1_100), "application/x-www-form-urlencoded")));
            Assert.True(tooMany.Status == HttpStatusCode.RequestEntityTooLarge, $"{endpoint} with 1,100 fields: {(int)tooMany.Status} {tooMany.Detail}");
            Assert.Equal("The form has too many fields or too long a value.", tooMany.Detail);
        }
    }

    [Fact]
    public async Task An_account_form_with_1100_fields_is_413()
    {
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        foreach (var form in AccountForms)
        {
            var (status, detail) = await ReadAsync(await client.PostAsync(form, Form(ManyFields(1_100), "application/x-www-form-urlencoded")));
            Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{form}: {(int)status} {detail}");
        }
    }

    [Fact]
    public async Task The_node_api_checks_the_credential_before_it_reads_any_form()
    {
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        var (status, detail) = await ReadAsync(await client.PostAsync($"api/nodes/{Guid.NewGuid()}/egress/check", Form(ManyFields(1_100), "application/x-www-form-urlencoded; charset=utf-7")));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("A valid node credential is required.", detail);
    }
}
