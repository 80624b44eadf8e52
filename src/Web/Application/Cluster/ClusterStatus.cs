using Orleans.Runtime;

namespace DeepSync.Web.Overwatch;

/// <summary>One silo as the operators' cluster page shows it.</summary>
public sealed record SiloStatusRow(string Address, string Name, string Status, int Activations);

/// <summary>The cluster's silos and their activation counts, from the management grain.</summary>
public sealed class ClusterStatusReader(IGrainFactory grains)
{
    public async Task<IReadOnlyList<SiloStatusRow>> ReadAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var stats = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var activations = active.Zip(stats, (address, stat) => (address, stat.ActivationCount)).ToDictionary(p => p.address, p => p.ActivationCount);
        return hosts
            .OrderBy(h => h.Status != SiloStatus.Active)
            .ThenBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloStatusRow(h.SiloAddress.ToString(), h.SiloName, h.Status.ToString(), activations.GetValueOrDefault(h.SiloAddress)))
            .ToList();
    }
}
