using EventBroker.Storage.Sqlite;

namespace EventBroker.Storage.Tests.Sqlite;

public sealed class StoreConnectionStringTests
{
    [Theory]
    [InlineData("sqlite:./data/eventbroker.db", "./data/eventbroker.db")]
    [InlineData("sqlite://./data/eventbroker.db", "./data/eventbroker.db")]
    [InlineData("sqlite:/var/lib/eventbroker/eventbroker.db", "/var/lib/eventbroker/eventbroker.db")]
    [InlineData("sqlite:///var/lib/eventbroker/eventbroker.db", "/var/lib/eventbroker/eventbroker.db")]
    [InlineData("SQLite:data.db", "data.db")]
    [InlineData("  sqlite:data.db  ", "data.db")]
    public void Parse_accepts_both_forms(string connectionString, string path)
        => Assert.Equal(path, StoreConnectionString.Parse(connectionString));

    [Theory]
    [InlineData("sqlite:./data/eventbroker.db", "./data/eventbroker.db", false)]
    [InlineData("sqlite:./data/eventbroker.db?mode=shared", "./data/eventbroker.db", true)]
    [InlineData("sqlite:///var/lib/eb.db?mode=SHARED", "/var/lib/eb.db", true)]
    [InlineData("sqlite:eb.db?mode=exclusive", "eb.db", false)]
    [InlineData("sqlite:eb.db?", "eb.db", false)]
    public void ParseOptions_reads_the_path_and_the_mode(string connectionString, string path, bool shared)
    {
        var options = StoreConnectionString.ParseOptions(connectionString);

        Assert.Equal((path, shared), (options.Path, options.Shared));
        Assert.Equal(path, StoreConnectionString.Parse(connectionString));
        Assert.True(StoreConnectionString.TryParseOptions(connectionString, out var tried));
        Assert.Equal(options, tried);
    }

    [Theory]
    [InlineData("sqlite:eb.db?mode=sharded")]
    [InlineData("sqlite:eb.db?mode")]
    [InlineData("sqlite:eb.db?cache=shared")]
    [InlineData("sqlite:?mode=shared")]
    public void ParseOptions_rejects_unknown_options_naming_the_accepted_ones(string connectionString)
    {
        var ex = Assert.Throws<ArgumentException>(() => StoreConnectionString.ParseOptions(connectionString));

        Assert.Contains("?mode=shared or ?mode=exclusive", ex.Message);
        Assert.False(StoreConnectionString.TryParseOptions(connectionString, out _));
        Assert.False(StoreConnectionString.TryParse(connectionString, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sqlite:")]
    [InlineData("sqlite://")]
    [InlineData("./data/eventbroker.db")]
    [InlineData("esdb://localhost:2113?tls=false")]
    [InlineData("file:./data/eventbroker.db")]
    public void Parse_rejects_anything_else_naming_the_accepted_forms(string connectionString)
    {
        var ex = Assert.Throws<ArgumentException>(() => StoreConnectionString.Parse(connectionString));

        Assert.Contains("sqlite:<path>", ex.Message);
        Assert.Contains("sqlite://<path>", ex.Message);
        Assert.False(StoreConnectionString.TryParse(connectionString, out _));
    }
}
