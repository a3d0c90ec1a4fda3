using EventBroker.Bench;
using EventBroker.Bench.Reporting;

BenchOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
// The first Ctrl+C ends the run early but still reports what ran and stops a launched gateway.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

try
{
    var report = await new BenchRunner(options).RunAsync(cancellation.Token);
    Console.WriteLine(options.Json ? ReportPrinter.Json(report) : ReportPrinter.Table(report));
    if (options.ChartsDirectory is not null)
    {
        foreach (var file in BenchCharts.Write(report, options.ChartsDirectory))
        {
            Console.Error.WriteLine($"chart written: {file}");
        }
    }
    var drainMissing = report.Consume is null && !options.SkipConsume;
    return drainMissing || report.Consume is { Verified: false } ? 1 : 0;
}
catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException)
{
    Console.Error.WriteLine($"bench failed: {e.Message}");
    return 1;
}
