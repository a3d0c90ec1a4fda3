using System.Globalization;

namespace EventBroker.Bench;

/// <summary>Command-line settings; see bench/README.md.</summary>
public sealed record BenchOptions
{
    public int Senders { get; init; } = 64;
    public int Size { get; init; } = 1024;
    public int DurationSeconds { get; init; } = 30;
    public int WarmupSeconds { get; init; } = 3;
    public int? Connections { get; init; }
    public string NameServer { get; init; } = "127.0.0.1:9876";
    public string? Broker { get; init; }
    public string? Topic { get; init; }
    public int Queues { get; init; } = 8;
    public int? GatewayPid { get; init; }
    public bool StartGateway { get; init; }
    public string? GatewayDll { get; init; }
    public bool KeepData { get; init; }
    public bool Json { get; init; }
    public bool SkipConsume { get; init; }
    public string? ChartsDirectory { get; init; }

    public int EffectiveConnections => Math.Clamp(Connections ?? Math.Min(Senders, 8), 1, Senders);

    public const string Usage = """
        EventBroker.Bench: RocketMQ remoting load generator (sync producers, then a pull drain).

          --senders N          concurrent synchronous senders (64)
          --size S             message body bytes (1024)
          --duration D         measured seconds (30), after a --warmup W (3) second warm-up
          --connections C      sockets shared by the senders (min(N, 8))
          --namesrv host:port  name server (127.0.0.1:9876)
          --broker host:port   skip the name server lookup and use this broker
          --topic T            topic to create and use (a fresh BenchTopic_* name)
          --queues Q           queues of the topic (8)
          --gateway-pid PID    sample this process's memory and CPU
          --start-gateway      launch the gateway DLL on free ports with a temp data dir; kill it at the end
          --gateway-dll PATH   the DLL --start-gateway runs (src/Gateway/bin/Release/net10.0/EventBroker.Gateway.dll)
          --keep-data          keep the temp data dir of --start-gateway
          --no-consume         skip the drain
          --json               print the summary as JSON instead of a table (with the per-second timeline)
          --charts DIR         write throughput and latency charts (SVG) to DIR, e.g. docs/
        """;

    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min
                ? v
                : throw new ArgumentException($"{name} needs an integer ≥ {min}");
            options = name switch
            {
                "--senders" => options with { Senders = Int(1) },
                "--size" => options with { Size = Int(1) },
                "--duration" => options with { DurationSeconds = Int(1) },
                "--warmup" => options with { WarmupSeconds = Int(0) },
                "--connections" => options with { Connections = Int(1) },
                "--namesrv" => options with { NameServer = Value() },
                "--broker" => options with { Broker = Value() },
                "--topic" => options with { Topic = Value() },
                "--queues" => options with { Queues = Int(1) },
                "--gateway-pid" => options with { GatewayPid = Int(1) },
                "--start-gateway" => options with { StartGateway = true },
                "--gateway-dll" => options with { GatewayDll = Value() },
                "--keep-data" => options with { KeepData = true },
                "--no-consume" => options with { SkipConsume = true },
                "--json" => options with { Json = true },
                "--charts" => options with { ChartsDirectory = Value() },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        if (options.StartGateway && options.GatewayPid is not null)
        {
            throw new ArgumentException("--start-gateway and --gateway-pid exclude each other");
        }
        return options;
    }

    /// <summary>The Release build of the gateway, searched upwards from the working directory and from this binary.</summary>
    public string ResolveGatewayDll()
    {
        if (GatewayDll is not null)
        {
            return Path.GetFullPath(GatewayDll);
        }
        var relative = Path.Combine("src", "Gateway", "bin", "Release", "net10.0", "EventBroker.Gateway.dll");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return Path.GetFullPath(relative);
    }
}
