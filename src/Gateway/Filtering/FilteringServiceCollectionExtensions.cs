namespace EventBroker.Gateway.Filtering;

public static class FilteringServiceCollectionExtensions
{
    /// <summary>SQL92 compilation (shared by pulls and CHECK_CLIENT_CONFIG).</summary>
    public static IServiceCollection AddSql92Filtering(this IServiceCollection services)
    {
        services.AddSingleton<SqlFilterCache>();
        services.AddSingleton<ClientConfigChecker>();
        return services;
    }
}
