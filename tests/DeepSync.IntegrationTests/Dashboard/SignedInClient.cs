using System.Net;
using System.Text.RegularExpressions;

namespace DeepSync.Tests.Dashboard;

/// <summary>An HTTP client with its own cookie jar that signs in through the real sign-in form (antiforgery token included).</summary>
public static partial class SignedInClient
{
    public static HttpClient Anonymous(string baseUrl, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(baseUrl + "/"),
        };

    /// <summary>Reads the antiforgery token from <paramref name="page"/>, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string page, string action, string? handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = Token().Match(html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"{page} carries an antiforgery token");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        if (handler is not null)
        {
            form["_handler"] = handler;
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> TrySignInAsync(this HttpClient client, string email, string password) =>
        client.SubmitAsync("account/login", "account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<HttpClient> SignInAsync(string baseUrl, string email, string password)
    {
        var client = Anonymous(baseUrl);
        var response = await client.TrySignInAsync(email, password);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"sign-in answered {(int)response.StatusCode}");
        Assert.Equal(new Uri(baseUrl + "/"), new Uri(client.BaseAddress!, response.Headers.Location!));
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
