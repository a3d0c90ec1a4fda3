using EventBroker.Gateway.Configuration;

namespace EventBroker.Gateway.Tests.Configuration;

public sealed class LeaseSettingsTests
{
    [Fact]
    public void The_default_lease_timings_are_valid() => Assert.Empty(new BrokerOptions().Validate());

    [Fact]
    public void A_renew_interval_over_half_the_lease_ttl_is_refused_with_both_keys_named()
    {
        var problem = Assert.Single(new BrokerOptions { SingletonLeaseTtl = 3000, SingletonLeaseRenewInterval = 2000 }.Validate());
        Assert.Contains("Broker:SingletonLeaseRenewInterval = 2000", problem, StringComparison.Ordinal);
        Assert.Contains("Broker:SingletonLeaseTtl (3000 ms)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_ttl_under_a_second_is_refused() =>
        Assert.Contains(new BrokerOptions { SingletonLeaseTtl = 500, SingletonLeaseRenewInterval = 100 }.Validate(),
            p => p.StartsWith("Broker:SingletonLeaseTtl = 500", StringComparison.Ordinal));
}
