using System.Net;
using Microsoft.Extensions.Options;

namespace DeepSync.Silo.Configuration;

/// <summary>Start-up validation; every message names the setting and its environment variable.</summary>
public sealed class SiloClusterOptionsValidator : IValidateOptions<SiloClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("DeepSync:Cluster:ClusterId (DeepSync__Cluster__ClusterId) must not be empty.");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"DeepSync:Cluster:SiloPort (DeepSync__Cluster__SiloPort) must be a port number between 1 and 65535, not {options.SiloPort}.");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            failures.Add($"DeepSync:Cluster:GatewayPort (DeepSync__Cluster__GatewayPort) must be a port number between 1 and 65535, not {options.GatewayPort}.");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add("DeepSync:Cluster:SiloPort and DeepSync:Cluster:GatewayPort must differ.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress) && !IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"DeepSync:Cluster:AdvertisedAddress (DeepSync__Cluster__AdvertisedAddress) must be an IP address, not '{options.AdvertisedAddress}'.");
        }

        if (options.Storage is not ("postgres" or "memory"))
        {
            failures.Add($"DeepSync:Cluster:Storage (DeepSync__Cluster__Storage) must be 'postgres' or 'memory', not '{options.Storage}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
