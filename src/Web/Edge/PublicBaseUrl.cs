using DeepSync.Silo.Database;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DeepSync.Web.Edge;

/// <summary>
/// The address people open DeepSync at (<c>DeepSync:Web:PublicBaseUrl</c>). Links in e-mails are built
/// from it and never from the request, whose Host header anyone can set: a reset link must not point at
/// the sender's choice of server. Required outside Development; in Development it defaults to the
/// address the app itself listens on. <c>AllowedHosts</c> defaults to its host.
/// </summary>
public sealed class PublicBaseUrl
{
    public const string Setting = "DeepSync:Web:PublicBaseUrl";

    private readonly Uri? _configured;
    private readonly IServer _server;

    internal PublicBaseUrl(Uri? configured, IServer server)
    {
        _configured = configured;
        _server = server;
    }

    /// <summary>The base address, always ending in '/'.</summary>
    public Uri Value => _configured ?? FromServer(_server);

    /// <summary>An absolute link to <paramref name="relative"/> (e.g. <c>account/login</c>).</summary>
    public Uri Link(string relative) => new(Value, relative.TrimStart('/'));

    /// <summary>Reads and checks the setting; throws <see cref="StartupException"/> with one line when it is missing or malformed.</summary>
    public static Uri? Parse(IConfiguration configuration, IHostEnvironment environment)
    {
        var text = configuration[Setting]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return environment.IsDevelopment()
                ? null
                : throw new StartupException($"{Setting} (DeepSync__Web__PublicBaseUrl) is required outside Development: the address people open DeepSync at, e.g. https://deepsync.example.com; e-mailed links are built from it.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new StartupException($"{Setting} (DeepSync__Web__PublicBaseUrl) must be an absolute http(s) address without query, e.g. https://deepsync.example.com, not '{text}'.");
        }

        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    private static Uri FromServer(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? "http://localhost:5080";

        // "Any address" bindings have no host a browser can open; loopback is what Development means.
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        uri.Path = "/";
        return uri.Uri;
    }
}
