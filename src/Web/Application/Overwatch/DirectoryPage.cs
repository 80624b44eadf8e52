namespace DeepSync.Web.Application.Overwatch;

/// <summary>One page of the node table and how many rows match the filter.</summary>
public sealed record DirectoryPage(IReadOnlyList<DirectoryRow> Rows, long Total);
