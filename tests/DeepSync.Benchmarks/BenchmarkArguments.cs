namespace DeepSync.Benchmarks;

/// <summary>
/// Command line: <c>[--scenario grains|messages|killswitch|all] [--quick] [--no-postgres]</c>. Without
/// <c>--scenario</c> every scenario runs; <c>--quick</c> is a smoke run of the same steps with small numbers.
/// </summary>
public sealed record BenchmarkArguments(bool Grains, bool Messages, bool KillSwitch, bool Quick, bool Postgres, bool DefaultSerializer = false)
{
    public const string Usage = "Usage: [--scenario grains|messages|killswitch|all] [--quick] [--no-postgres] [--default-serializer]";

    public string Mode => Quick ? "quick" : "full";

    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var scenario = "all";
        var quick = false;
        var postgres = true;
        var defaultSerializer = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--no-postgres":
                    postgres = false;
                    break;
                case "--default-serializer":
                    defaultSerializer = true;
                    break;
                case "--scenario" when i + 1 < args.Count:
                    scenario = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}");
            }
        }

        BenchmarkArguments parsed = scenario switch
        {
            "all" => new(true, true, true, quick, postgres),
            "grains" => new(true, false, false, quick, postgres),
            "messages" => new(false, true, false, quick, postgres),
            "killswitch" => new(false, false, true, quick, postgres),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'. {Usage}"),
        };
        return parsed with { DefaultSerializer = defaultSerializer };
    }
}
