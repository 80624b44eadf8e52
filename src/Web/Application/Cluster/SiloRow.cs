namespace DeepSync.Web.Application.Cluster;

/// <summary>One silo as the operators' cluster page shows it.</summary>
public sealed record SiloRow(string Address, string Name, string Status, int Activations);
