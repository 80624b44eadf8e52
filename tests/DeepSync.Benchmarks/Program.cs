using DeepSync.Benchmarks;
using DeepSync.Benchmarks.Reporting;

// Progress goes to stderr so that stdout carries only the result table.
var settings = BenchmarkSettings.FromArgs(args);
var report = await new BenchmarkRun(settings, Console.Error).ExecuteAsync();
ReportTable.Write(report, Console.Out);
Console.WriteLine($"Results written to {await report.WriteJsonAsync()}");
