using EventBroker.Routing.InProcess;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.InProcess;

internal static class StoreFactory
{
    public static Task<InProcessRoutingStore> OpenAsync(string? directory, TimeProvider? time = null, ListLogger<InProcessRoutingStore>? logger = null)
        => InProcessRoutingStore.OpenAsync(
            new InProcessRoutingOptions { DataDirectory = directory, TimeProvider = time ?? new ManualTimeProvider() },
            logger);
}
