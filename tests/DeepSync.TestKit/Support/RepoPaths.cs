using System.Diagnostics;

namespace DeepSync.Tests.Support;

/// <summary>Where the repository, the shared API contracts and the npm test peers are.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding DeepSync.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The API contracts of the outside systems: <c>DEEPSYNC_CONTRACTS</c> when set, else
    /// <c>../shared/contracts</c> beside the checkout.
    /// </summary>
    public static string Contracts
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("DEEPSYNC_CONTRACTS") is { Length: > 0 } configured
                ? configured
                : Path.GetFullPath(Path.Combine(Root, "..", "shared", "contracts"));
            return Directory.Exists(folder)
                ? folder
                : throw new DirectoryNotFoundException($"The API contracts folder '{folder}' does not exist; set DEEPSYNC_CONTRACTS to the folder holding letta-openapi.json and railway-schema.graphql.");
        }
    }

    /// <summary>A contract file by name, failing with the folder named when it is missing.</summary>
    public static string Contract(string fileName)
    {
        var path = Path.Combine(Contracts, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Contract file '{path}' is missing.", path);
    }

    /// <summary>The npm test peers (Prism, graphql-js, …) installed under tests/peers.</summary>
    public static string Peers => Path.Combine(Root, "tests", "peers");

    private static readonly Lazy<string> PeerBinaries = new(InstallPeers);

    /// <summary>The node_modules/.bin folder of the peers, running <c>npm ci</c> once if they are not installed.</summary>
    public static string PeerBin => PeerBinaries.Value;

    private static string InstallPeers()
    {
        var bin = Path.Combine(Peers, "node_modules", ".bin");
        if (!Directory.Exists(bin))
        {
            var info = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
            {
                WorkingDirectory = Peers,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm could not be started; install Node.js 20 and npm.");
            var stderr = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Peers} failed: {stderr.Result}");
            }
        }

        return bin;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeepSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("DeepSync.sln was not found above the test binaries.");
    }
}
