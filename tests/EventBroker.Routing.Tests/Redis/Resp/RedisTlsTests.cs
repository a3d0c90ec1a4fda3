using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EventBroker.Routing.Redis.Resp;
using EventBroker.Routing.Tests.Redis.Support;
using EventBroker.Routing.Tests.Support;

namespace EventBroker.Routing.Tests.Redis.Resp;

/// <summary>ssl=true against a real redis-server that speaks only TLS, with a certificate made for the test.</summary>
public sealed class RedisTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private X509Certificate2 _certificate = null!;
    private RedisServer _server = null!;

    public async Task InitializeAsync()
    {
        var directory = _directory.Path;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var (certFile, keyFile) = (Path.Combine(directory, "redis.crt"), Path.Combine(directory, "redis.key"));
        await File.WriteAllTextAsync(certFile, _certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        _server = await RedisServer.StartAsync("--tls-port", "--tls-cert-file", certFile, "--tls-key-file", keyFile,
            "--tls-ca-cert-file", certFile, "--tls-auth-clients", "no");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Ssl_connects_when_the_certificate_is_trusted()
    {
        var options = RedisOptions.Parse($"localhost:{_server.Port},ssl=true") with
        {
            // Trust exactly the test's self-signed certificate.
            CertificateValidation = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString(),
        };
        await using var redis = await RedisConnection.ConnectAsync(options);

        Assert.Equal("OK", (await redis.ExecuteAsync("SET", "tls-key", "v")).AsString());
        Assert.Equal("v", (await redis.ExecuteAsync("GET", "tls-key")).AsString());
    }

    [Fact]
    public async Task Ssl_refuses_an_untrusted_certificate_with_the_reason()
    {
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync(RedisOptions.Parse($"localhost:{_server.Port},ssl=true")));

        Assert.StartsWith($"Redis at localhost:{_server.Port} is unreachable: ", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Security.Authentication.AuthenticationException>(ex.InnerException);
    }

    [Fact]
    public async Task Plain_text_to_a_TLS_port_fails_instead_of_hanging()
    {
        var ex = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync(RedisOptions.Parse($"localhost:{_server.Port},connectTimeout=2000")));

        Assert.StartsWith($"Redis at localhost:{_server.Port} is unreachable: ", ex.Message, StringComparison.Ordinal);
    }
}
