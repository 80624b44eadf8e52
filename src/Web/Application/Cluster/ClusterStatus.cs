using DeepSync.Agents;
using DeepSync.Governance;
using Orleans.Runtime;

namespace DeepSync.Web.Application.Cluster;

/// <summary>The cluster's silos and their activation counts, from the management grain, and the agent runtime in use (operators only).</summary>
public sealed class ClusterStatus(IGrainFactory grains, IAgentRuntime runtime)
{
    public async Task<ClusterView> ReadAsync(Actor actor)
    {
        Access.RequireOperator(actor);
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        var stats = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var activations = active.Zip(stats, (address, stat) => (address, stat.ActivationCount)).ToDictionary(p => p.address, p => p.ActivationCount);
        List<SiloRow> Rows(IEnumerable<MembershipEntry> entries) => entries
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new SiloRow(h.SiloAddress.ToString(), h.SiloName, h.Status.ToString(), activations.GetValueOrDefault(h.SiloAddress)))
            .ToList();

        // A dead entry is a silo that stopped (an earlier run, a replaced replica); the membership table keeps it for a while.
        return new ClusterView(
            Rows(hosts.Where(h => h.Status != SiloStatus.Dead)),
            Rows(hosts.Where(h => h.Status == SiloStatus.Dead).OrderByDescending(h => h.IAmAliveTime).Take(50)),
            runtime.Name);
    }
}
