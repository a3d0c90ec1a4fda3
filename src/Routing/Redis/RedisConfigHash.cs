using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EventBroker.Routing.Redis;

/// <summary>Named configs (topics or subscription groups) as JSON values of one hash, keyed by name.</summary>
internal sealed class RedisConfigHash<T> where T : class
{
    private readonly RoutingRedis _redis;
    private readonly string _key;
    private readonly JsonTypeInfo<T> _json;
    private readonly Func<T, string> _nameOf;

    public RedisConfigHash(RoutingRedis redis, string key, JsonTypeInfo<T> json, Func<T, string> nameOf)
    {
        _redis = redis;
        _key = key;
        _json = json;
        _nameOf = nameOf;
    }

    public async ValueTask<T?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var value = await _redis.ExecuteAsync("HGET", [_key, name], cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : Decode(value.Bytes);
    }

    /// <summary>Every config, ordered by name (ordinal).</summary>
    public async ValueTask<IReadOnlyList<T>> GetAllAsync(CancellationToken cancellationToken)
    {
        var values = await _redis.ExecuteAsync("HVALS", [_key], cancellationToken).ConfigureAwait(false);
        return values.Items.Select(v => Decode(v.Bytes)).OrderBy(_nameOf, StringComparer.Ordinal).ToList();
    }

    public async ValueTask PutAsync(T config, CancellationToken cancellationToken)
        => await _redis.ExecuteAsync("HSET", [_key, ValidName(config), Encode(config)], cancellationToken).ConfigureAwait(false);

    /// <summary>Adds the config unless one with its name exists; returns the one in force. Atomic on the server.</summary>
    public async ValueTask<T> GetOrAddAsync(T config, CancellationToken cancellationToken)
    {
        var value = await _redis.EvalAsync(RoutingScripts.HashGetOrAdd, [_key], [ValidName(config), Encode(config)], cancellationToken).ConfigureAwait(false);
        return Decode(value.Bytes);
    }

    public async ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken)
        => (await _redis.ExecuteAsync("HDEL", [_key, name], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    private byte[] Encode(T config) => JsonSerializer.SerializeToUtf8Bytes(config, _json);

    private T Decode(ReadOnlyMemory<byte> json)
        => JsonSerializer.Deserialize(json.Span, _json) ?? throw new InvalidDataException($"A null {typeof(T).Name} in Redis hash {_key}");

    private string ValidName(T config)
    {
        var name = _nameOf(config);
        ArgumentException.ThrowIfNullOrEmpty(name, nameof(config));
        return name;
    }
}
