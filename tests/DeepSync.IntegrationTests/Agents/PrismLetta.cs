using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Agents;

/// <summary>
/// Stoplight Prism serving Letta's published OpenAPI document on a free loopback port, in
/// <c>--errors</c> mode: a request the spec does not allow gets a 4xx (422 with the broken rule in an
/// <c>sl-violations</c> header) instead of a mock answer. Started once per test class (it takes a few
/// seconds to load the 1.7 MB spec) and killed with its process tree afterwards.
/// </summary>
public sealed class PrismLetta : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private Process? _prism;

    /// <summary>Where Prism listens (root URL; the API paths start with <c>/v1/</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>What Prism printed so far (its request log and every violation), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var spec = RepoPaths.Contract("letta-openapi.json");
        var port = SiloHosts.FreePort();
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.PeerBin, "prism"), ["mock", "--host", "127.0.0.1", "--port", port.ToString(), "--errors", spec])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _prism = Process.Start(info) ?? throw new InvalidOperationException("Prism could not be started.");
        _prism.OutputDataReceived += (_, e) => Append(e.Data);
        _prism.ErrorDataReceived += (_, e) => Append(e.Data);
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync(port))
        {
            if (_prism.HasExited)
            {
                throw new InvalidOperationException($"Prism exited with code {_prism.ExitCode} while loading {spec}:\n{Output}");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"Prism did not listen on port {port} within {StartTimeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100);
        }

        BaseUrl = new Uri($"http://127.0.0.1:{port}/");

        // Listening is not answering: Prism prepares its validators on the first request, which on a
        // loaded machine can take longer than a test's request timeout. One request, any answer, first.
        using var warmUp = new HttpClient { BaseAddress = BaseUrl, Timeout = StartTimeout - deadline.Elapsed + TimeSpan.FromSeconds(1) };
        using var answer = await warmUp.GetAsync("v1/health/");
    }

    public Task DisposeAsync()
    {
        if (_prism is { HasExited: false })
        {
            _prism.Kill(entireProcessTree: true);
            _prism.WaitForExit(5_000);
        }

        _prism?.Dispose();
        return Task.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
