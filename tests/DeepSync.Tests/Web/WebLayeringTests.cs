using System.Text.RegularExpressions;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Web;

/// <summary>
/// Pages and components reach the platform only through the application layer, so that every read and
/// command passes a check of who asks; these tests keep that shape from eroding.
/// </summary>
public sealed partial class WebLayeringTests
{
    private static readonly string Web = Path.Combine(RepoPaths.Root, "src", "Web");

    private static IEnumerable<string> Files(params string[] endings) =>
        Directory.EnumerateFiles(Web, "*", SearchOption.AllDirectories)
            .Where(f => endings.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void No_component_reaches_a_grain_or_the_database_itself()
    {
        var offenders = Files(".razor", ".razor.cs")
            .Where(f => PlatformAccess().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_web_reads_no_member_of_a_grain_class()
    {
        var grainClasses = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "Grains"), "*Grain.cs", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null && !name.StartsWith('I'))
            .ToList();
        Assert.NotEmpty(grainClasses);

        var offenders = Files(".razor", ".cs")
            .SelectMany(f => grainClasses.Where(c => Regex.IsMatch(File.ReadAllText(f), $@"\b{c}\s*\.")).Select(c => $"{Path.GetRelativePath(RepoPaths.Root, f)} uses {c}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_check_recognises_what_it_forbids()
    {
        Assert.Matches(PlatformAccess(), "@inject IGrainFactory Grains");
        Assert.Matches(PlatformAccess(), "grains.GetGrain<INodeGrain>(id)");
        Assert.Matches(PlatformAccess(), "@inject Npgsql.NpgsqlDataSource DataSource");
        Assert.Matches(PlatformAccess(), "SELECT count(*) FROM audit_ledger");
        Assert.DoesNotMatch(PlatformAccess(), "<MudSelect T=\"string\" Label=\"Plan\">");
    }

    [GeneratedRegex(@"IGrainFactory|GetGrain\s*<|NpgsqlDataSource|NpgsqlCommand|\bSELECT\s+[\w*(]|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b")]
    private static partial Regex PlatformAccess();
}
