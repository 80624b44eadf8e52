using System.Net;
using System.Net.Sockets;

namespace DeepSync.Benchmarks.Hosting;

/// <summary>Asks the OS for unused loopback ports, so a run never collides with a silo already on 11111/30000.</summary>
public static class FreeTcpPorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct free ports. All listeners stay open until every port is
    /// chosen, otherwise the OS could hand out the same port twice.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
