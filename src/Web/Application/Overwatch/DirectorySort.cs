namespace DeepSync.Web.Application.Overwatch;

/// <summary>Columns the operators' node table sorts by.</summary>
public enum DirectorySort
{
    CreatedAt,
    Name,
    OwnerEmail,
    Lifecycle,
    Tier,
}
