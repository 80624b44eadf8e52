using DeepSync.Fleet;

namespace DeepSync.Web.Application.Overwatch;

/// <summary>Filters of the operators' node table; every one is optional.</summary>
public sealed record DirectoryFilter(string? OwnerEmailContains = null, NodeLifecycle? Lifecycle = null, bool? Suspended = null, string? TierId = null);
