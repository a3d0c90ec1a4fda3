using EventBroker.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers one <see cref="IEventBrokerClient"/> singleton, configured from options binding and code.</summary>
public static class EventBrokerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the client with options from code: <c>services.AddEventBrokerClient(o => o with { NameServers = ["ns:9876"] })</c>.
    /// Chain <see cref="EventBrokerClientBuilder.BindConfiguration"/> to read a configuration section first.
    /// </summary>
    public static EventBrokerClientBuilder AddEventBrokerClient(
        this IServiceCollection services, Func<EventBrokerClientOptions, EventBrokerClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = Register(services);
        if (configure is not null)
        {
            builder.ConfigureOptions(configure);
        }
        return builder;
    }

    /// <summary>Adds the client with options bound from <paramref name="configuration"/> (e.g. the "EventBroker" section).</summary>
    public static EventBrokerClientBuilder AddEventBrokerClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services).Bind(configuration);
    }

    private static EventBrokerClientBuilder Register(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(EventBrokerClientBuilder))?.ImplementationInstance;
        if (existing is EventBrokerClientBuilder registered)
        {
            return registered;
        }
        var builder = new EventBrokerClientBuilder(services);
        services.AddSingleton(builder);
        services.AddOptions<EventBrokerClientOptions>();
        services.TryAddSingleton<IEventBrokerClient>(provider => new EventBrokerClient(
            builder.Apply(provider.GetRequiredService<IOptions<EventBrokerClientOptions>>().Value),
            provider.GetService<ILoggerFactory>()));
        return builder;
    }
}

/// <summary>
/// Configures the registered client. Options are immutable records, so code changes them by returning a new instance
/// (<c>o =&gt; o with { … }</c>), applied in order after configuration binding.
/// </summary>
public sealed class EventBrokerClientBuilder
{
    private readonly List<Func<EventBrokerClientOptions, EventBrokerClientOptions>> _configure = [];

    internal EventBrokerClientBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }

    /// <summary>Binds options from a section of the application's configuration, e.g. "EventBroker".</summary>
    public EventBrokerClientBuilder BindConfiguration(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionPath);
        Services.AddOptions<EventBrokerClientOptions>().BindConfiguration(sectionPath);
        return this;
    }

    public EventBrokerClientBuilder Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Services.AddOptions<EventBrokerClientOptions>().Bind(section);
        return this;
    }

    public EventBrokerClientBuilder ConfigureOptions(Func<EventBrokerClientOptions, EventBrokerClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
        return this;
    }

    internal EventBrokerClientOptions Apply(EventBrokerClientOptions options)
    {
        foreach (var configure in _configure)
        {
            options = configure(options) ?? throw new InvalidOperationException("An EventBroker options callback returned null.");
        }
        return options;
    }
}
