namespace EventBroker.Gateway.Acl;

public static class AclServiceCollectionExtensions
{
    /// <summary>The plain ACL: rules, the file watcher (a hosted service) and the dispatcher's guard.</summary>
    public static IServiceCollection AddPlainAcl(this IServiceCollection services)
    {
        services.AddSingleton<AclRulesHolder>();
        services.AddSingleton<AclGuard>();
        services.AddSingleton<AclFileWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AclFileWatcher>());
        return services;
    }
}
