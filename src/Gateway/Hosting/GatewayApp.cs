using EventBroker.Gateway.Configuration;

namespace EventBroker.Gateway.Hosting;

/// <summary>Builds and initialises a gateway from command-line arguments: used by Program and by the end-to-end tests.</summary>
public static class GatewayApp
{
    /// <summary>Returns the app ready to start, or the configuration problems that prevent it.</summary>
    public static async Task<(WebApplication? App, IReadOnlyList<string> Problems)> CreateAsync(string[] args, CancellationToken ct = default)
    {
        // No config reload: it would watch the content root recursively, and the data directory under it changes
        // with every write (measured: 0.1 core spent in the file watcher under load).
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        var options = builder.Configuration.GetSection(BrokerOptions.SectionName).Get<BrokerOptions>() ?? new BrokerOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        builder.ConfigureGateway(options);
        var app = builder.Build();
        try
        {
            await app.InitializeGatewayAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        app.MapGatewayHttp();
        return (app, []);
    }
}
