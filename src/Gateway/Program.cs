using EventBroker.Gateway.Hosting;
using EventBroker.Storage;

try
{
    var (app, problems) = await GatewayApp.CreateAsync(args).ConfigureAwait(false);
    if (app is null)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"eventbroker: configuration error: {problem}");
        }
        return 2;
    }
    await using (app.ConfigureAwait(false))
    {
        await app.RunAsync().ConfigureAwait(false);
    }
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException or StreamStoreException)
{
    Console.Error.WriteLine($"eventbroker: cannot start: {ex.Message}");
    return 1;
}
