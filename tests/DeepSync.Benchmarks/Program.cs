using DeepSync.Benchmarks;
using DeepSync.Benchmarks.KillSwitch;
using DeepSync.Benchmarks.Messages;
using DeepSync.Benchmarks.Reporting;

// Progress goes to stderr so that stdout carries only the result tables.
var arguments = BenchmarkArguments.Parse(args);
var environment = RunEnvironment.Capture();
BenchmarkReport? grains = null;
MessagePathReport? messages = null;
KillSwitchReport? killSwitch = null;

if (arguments.Grains)
{
    grains = await new BenchmarkRun(arguments.Quick ? BenchmarkSettings.Quick : BenchmarkSettings.Full, Console.Error).ExecuteAsync();
    ReportTable.Write(grains, Console.Out);
}

if (arguments.Messages)
{
    var messageSettings = (arguments.Quick ? MessagePathSettings.Quick : MessagePathSettings.Full) with { ProductionStorageSerializer = !arguments.DefaultSerializer };
    messages = await new MessagePathRun(messageSettings, arguments.Postgres, Console.Error).ExecuteAsync();
    MessagePathTable.Write(messages, environment, Console.Out);
}

if (arguments.KillSwitch)
{
    killSwitch = await new KillSwitchRun(arguments.Quick ? KillSwitchSettings.Quick : KillSwitchSettings.Full, Console.Error).ExecuteAsync();
    KillSwitchTable.Write(killSwitch, Console.Out);
}

var results = new BenchmarkResults(arguments.Mode, environment, grains, messages, killSwitch);
Console.WriteLine($"Results written to {await results.WriteJsonAsync()}");
