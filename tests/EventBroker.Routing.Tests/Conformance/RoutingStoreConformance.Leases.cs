namespace EventBroker.Routing.Tests.Conformance;

public abstract partial class RoutingStoreConformance
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TryAcquireLease_free_lease_returns_a_token()
        => Assert.NotNull(await Store.TryAcquireLeaseAsync(Name("job"), "gw-1", LeaseTtl));

    [Fact]
    public async Task TryAcquireLease_held_by_another_live_holder_returns_null()
    {
        var lease = Name("job");
        await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl);
        Time.Advance(LeaseTtl - TimeSpan.FromSeconds(1));

        Assert.Null(await Store.TryAcquireLeaseAsync(lease, "gw-2", LeaseTtl));
    }

    [Fact]
    public async Task TryAcquireLease_renewal_by_the_holder_keeps_the_token_and_extends_the_lease()
    {
        var lease = Name("job");
        var token = await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl);
        Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(token, await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl));

        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await Store.TryAcquireLeaseAsync(lease, "gw-2", LeaseTtl));
    }

    [Fact]
    public async Task TryAcquireLease_after_expiry_goes_to_a_new_holder_with_a_larger_token()
    {
        var lease = Name("job");
        var first = await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl);
        Time.Advance(LeaseTtl + TimeSpan.FromSeconds(1));

        var second = await Store.TryAcquireLeaseAsync(lease, "gw-2", LeaseTtl);

        Assert.NotNull(second);
        Assert.True(second > first, $"token {second} should be larger than {first}");
        Assert.Null(await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl));
    }

    [Fact]
    public async Task TryAcquireLease_tokens_keep_increasing_across_holders()
    {
        var lease = Name("job");
        var tokens = new List<long>();
        foreach (var holder in new[] { "gw-1", "gw-2", "gw-1", "gw-3" })
        {
            tokens.Add((await Store.TryAcquireLeaseAsync(lease, holder, LeaseTtl))!.Value);
            await Store.ReleaseLeaseAsync(lease, holder);
        }

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task ReleaseLease_by_the_holder_lets_another_acquire_with_a_larger_token()
    {
        var lease = Name("job");
        var first = await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl);

        await Store.ReleaseLeaseAsync(lease, "gw-1");

        var second = await Store.TryAcquireLeaseAsync(lease, "gw-2", LeaseTtl);
        Assert.NotNull(second);
        Assert.True(second > first, $"token {second} should be larger than {first}");
    }

    [Fact]
    public async Task ReleaseLease_by_someone_else_is_ignored()
    {
        var lease = Name("job");
        await Store.TryAcquireLeaseAsync(lease, "gw-1", LeaseTtl);

        await Store.ReleaseLeaseAsync(lease, "gw-2");

        Assert.Null(await Store.TryAcquireLeaseAsync(lease, "gw-2", LeaseTtl));
    }

    [Fact]
    public async Task TryAcquireLease_different_leases_are_independent()
    {
        await Store.TryAcquireLeaseAsync(Name("job-a"), "gw-1", LeaseTtl);

        Assert.NotNull(await Store.TryAcquireLeaseAsync(Name("job-b"), "gw-2", LeaseTtl));
    }
}
